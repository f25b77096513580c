// Logs carry identifiers only: a whole filing, with failures on the way, never logs the
// portal password, the uploader's IP or screen name, or any byte of the evidence.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>

#include "portal_fixture.hpp"
#include "vigil/logging.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::testing {
namespace {

TEST(Redaction, LogsNeverCarryCredentialsPersonalDataOrMedia) {
  std::mutex mutex;
  std::string captured;
  LogOptions verbose;
  verbose.level = LogLevel::trace;
  configure_logging(verbose);
  set_log_observer([&](LogLevel, std::string_view logger, std::string_view message) {
    std::lock_guard lock(mutex);
    captured.append(logger).append(": ").append(message).append("\n");
  });
  {
    PortalFixture fixture;
    auto queue = ReportQueue::open(fixture.outbox_path(), fixture.audit_path());
    ReportRequest request = fixture.report("redaction");
    ASSERT_TRUE((*queue)->enqueue(request, {"cybertipline"}).ok());
    fixture.portal().fail_http("/upload", 500, 1);
    fixture.portal().respond_code("/fileinfo", 4100, 1);
    auto worker = ReportWorker::create(fixture.config());
    ASSERT_TRUE(worker.ok());
    ASSERT_TRUE((*worker)->run().ok());

    std::ifstream evidence(request.files[0].location, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(evidence)), {});
    std::lock_guard lock(mutex);
    ASSERT_FALSE(captured.empty()) << "nothing was logged; the test would prove nothing";
    EXPECT_NE(captured.find("redaction"), std::string::npos) << "logs should name the case";
    EXPECT_EQ(captured.find(PortalFixture::kPassword), std::string::npos);
    EXPECT_EQ(captured.find(PortalFixture::kUploaderIp), std::string::npos);
    EXPECT_EQ(captured.find(PortalFixture::kScreenName), std::string::npos);
    EXPECT_EQ(captured.find(bytes.substr(100, 24)), std::string::npos);

    // The audit log holds identifiers, not personal data either.
    std::ifstream audit(fixture.audit_path());
    std::string text((std::istreambuf_iterator<char>(audit)), {});
    EXPECT_EQ(text.find(PortalFixture::kPassword), std::string::npos);
    EXPECT_EQ(text.find(PortalFixture::kUploaderIp), std::string::npos);
    EXPECT_EQ(text.find(PortalFixture::kScreenName), std::string::npos);
  }
  set_log_observer(nullptr);
}

}  // namespace
}  // namespace vigil::testing
