// Shared set-up for the reporter tests: a loopback test portal, a temporary directory
// with an outbox, an audit log, credentials and benign "evidence" files, and a config
// that points org.vigil.portal's CyberTipline reporter at the portal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "test_portal.hpp"
#include "vigil/config.hpp"
#include "vigil/report.hpp"

namespace vigil::testing {

struct PortalFixtureOptions {
  std::function<std::int64_t()> clock;  // shared by the portal and the outbox
  int lease_ms = 60'000;
  int call_attempts = 1;
  // The circuit breaker pauses on the real clock, so tests that jump a fake clock keep it
  // off (0 s); the breaker's own test turns it on.
  int breaker_failures = 5;
  int breaker_open_seconds = 0;
};

class PortalFixture {
 public:
  explicit PortalFixture(PortalFixtureOptions options = {});
  ~PortalFixture();

  TestPortal& portal() { return *portal_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string outbox_path() const { return (dir_ / "outbox.db").string(); }
  std::string audit_path() const { return (dir_ / "audit.jsonl").string(); }
  std::string config_path() const { return (dir_ / "vigil.toml").string(); }

  // The parsed config (written to config_path()).
  EngineConfig config() const;
  // A report for `case_id` with `files` benign files written under dir()/evidence.
  ReportRequest report(const std::string& case_id, int files = 2);

  static constexpr const char* kPassword = "s3cret-portal-password";
  static constexpr const char* kUploaderIp = "203.0.113.77";
  static constexpr const char* kScreenName = "uploader-screen-name-xyz";

 private:
  std::filesystem::path dir_;
  std::unique_ptr<TestPortal> portal_;
};

}  // namespace vigil::testing
