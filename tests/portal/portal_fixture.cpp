#include "portal_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>

namespace vigil::testing {

PortalFixture::PortalFixture(PortalFixtureOptions options) {
  dir_ = std::filesystem::temp_directory_path() / ("vigil-portal-" + std::to_string(getpid()) +
                                                   "-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir_ / "evidence");
  TestPortalOptions portal_options;
  portal_options.password = kPassword;
  portal_options.clock = options.clock;
  portal_ = std::make_unique<TestPortal>(portal_options);
  portal_->start();
  {
    std::ofstream credentials(dir_ / "ct-credentials");
    credentials << portal_options.user << "\n" << kPassword << "\n";
  }
  std::ofstream config(config_path());
  config << "[[reporter]]\n"
         << "name = \"cybertipline\"\n"
         << "plugin = \"org.vigil.portal\"\n"
         << "kind = \"cybertipline\"\n"
         << "base_url = \"" << portal_->base_url() << "\"\n"
         << "credentials_file = \"" << (dir_ / "ct-credentials").string() << "\"\n"
         << "reporter_first_name = \"Test\"\n"
         << "reporter_last_name = \"Operator\"\n"
         << "reporter_email = \"trust@example.com\"\n"
         << "call_attempts = " << options.call_attempts << "\n"
         << "backoff_min_ms = 1\n"
         << "backoff_max_ms = 20\n"
         << "timeout_seconds = 10\n"
         << "breaker_failures = " << options.breaker_failures << "\n"
         << "breaker_open_seconds = " << options.breaker_open_seconds << "\n"
         << "max_calls_per_second = 0\n"
         << "\n[outbox]\n"
         << "path = \"" << outbox_path() << "\"\n"
         << "lease_ms = " << options.lease_ms << "\n"
         << "\n[audit]\n"
         << "path = \"" << audit_path() << "\"\n"
         << "\n[log]\nlevel = \"info\"\n";
}

PortalFixture::~PortalFixture() {
  portal_->stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

EngineConfig PortalFixture::config() const {
  auto config = load_engine_config(config_path());
  EXPECT_TRUE(config.ok()) << config.status().to_string();
  return *config;
}

ReportRequest PortalFixture::report(const std::string& case_id, int files) {
  ReportRequest request;
  request.case_id = case_id;
  request.incident_time = "2026-11-29T12:00:00Z";
  ReportedUploader uploader;
  uploader.esp_identifier = "account-" + case_id;
  uploader.screen_name = kScreenName;
  uploader.ip_address = kUploaderIp;
  uploader.ip_time = "2026-11-29T11:59:00Z";
  request.uploader = uploader;
  std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>{}(case_id)));
  for (int i = 0; i < files; ++i) {
    // Benign bytes standing in for an upload: the CyberTipline path never decodes them.
    const auto path = dir_ / "evidence" / (case_id + "-" + std::to_string(i) + ".bin");
    std::ofstream out(path, std::ios::binary);
    for (int b = 0; b < 4096; ++b) out.put(static_cast<char>(rng() & 0xff));
    ReportedFile file;
    file.file_name = "upload-" + std::to_string(i + 1) + ".jpg";
    file.location = path.string();
    file.hashes["md5"] = "0123456789abcdef0123456789abcdef";
    file.matches.push_back({"ncmec", "7", "entry-" + std::to_string(i), "md5", "", 0, "orig"});
    request.files.push_back(std::move(file));
  }
  return request;
}

}  // namespace vigil::testing
