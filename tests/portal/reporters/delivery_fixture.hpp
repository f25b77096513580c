// Test support: a fake host side of one deliver() call. Fills a vigil_delivery and a
// vigil_delivery_host whose save/restart/audit callbacks record their calls, so a reporter
// can be driven exactly as the host drives it (through vigil::plugin::delivery, or through
// the ABI wrapper vigil::plugin::details::deliver<T>).
#pragma once

#include <vigil/plugin.hpp>

#include <nlohmann/json.hpp>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace vigil::portal::testing {

// A vigil.report/1 document with personal data in it (uploader, file location, free text),
// so tests can assert what must never leave through a handoff.
inline constexpr const char* kUploaderIp = "203.0.113.77";
inline constexpr const char* kUploaderScreenName = "suspect_screen_name_xyz";
inline constexpr const char* kFileLocation = "/srv/uploads/private/4f2a9c.jpg";
inline constexpr const char* kAdditionalInfo = "moderator note: phone 555-0100";

inline std::string sample_report(const std::string& case_id = "case-0001",
                                 bool with_content_url = true) {
  nlohmann::ordered_json report = {
      {"schema", "vigil.report/1"},
      {"case_id", case_id},
      {"destination", "review-queue"},
      {"incident",
       {{"type", "Child Pornography (possession, manufacture, and distribution)"},
        {"time", "2024-05-01T12:00:00Z"}}},
  };
  if (with_content_url) report["content_url"] = "https://files.example.net/x/4f2a9c.jpg";
  report["uploader"] = {{"screen_name", kUploaderScreenName},
                        {"ip_address", kUploaderIp},
                        {"email", "someone@example.org"}};
  report["files"] = nlohmann::ordered_json::array(
      {{{"file_name", "4f2a9c.jpg"},
        {"location", kFileLocation},
        {"hashes", {{"md5", "0123456789abcdef0123456789abcdef"}}},
        {"viewed_by_person", false},
        {"matches", nlohmann::ordered_json::array({{{"bank", "ncmec"},
                                                    {"list_version", "2024-05"},
                                                    {"entry", "e-17"},
                                                    {"signal_type", "md5"},
                                                    {"distance", 0},
                                                    {"variant", "original"}}})}}});
  report["additional_info"] = kAdditionalInfo;
  return report.dump();
}

class FakeDelivery {
 public:
  explicit FakeDelivery(std::string report, std::string key = "idem-key-0001")
      : report_(std::move(report)), key_(std::move(key)) {
    view_.struct_size = sizeof(vigil_delivery);
    view_.report = report_.c_str();
    view_.idempotency_key = key_.c_str();
    view_.stage = "pending";
    view_.checkpoint = "";
    view_.remote_id = "";
    view_.retract_requested = 0;
    view_.attempt = 0;
    host_.context = this;
    host_.save = &FakeDelivery::on_save;
    host_.restart = &FakeDelivery::on_restart;
    host_.audit = &FakeDelivery::on_audit;
  }
  FakeDelivery(const FakeDelivery&) = delete;
  FakeDelivery& operator=(const FakeDelivery&) = delete;

  void request_retract() { view_.retract_requested = 1; }

  vigil::plugin::delivery request() const { return vigil::plugin::delivery(&view_, &host_); }
  const vigil_delivery* view() const { return &view_; }
  const vigil_delivery_host* host() const { return &host_; }

  struct AuditRecord {
    std::string event;
    std::string fields_json;
  };
  std::vector<AuditRecord> audits() const {
    std::lock_guard lock(mutex_);
    return audits_;
  }
  int saves() const {
    std::lock_guard lock(mutex_);
    return saves_;
  }
  int restarts() const {
    std::lock_guard lock(mutex_);
    return restarts_;
  }

 private:
  static vigil_status on_save(void* context, const char*, const char*, const char*) {
    auto* self = static_cast<FakeDelivery*>(context);
    std::lock_guard lock(self->mutex_);
    ++self->saves_;
    return VIGIL_OK;
  }
  static vigil_status on_restart(void* context) {
    auto* self = static_cast<FakeDelivery*>(context);
    std::lock_guard lock(self->mutex_);
    ++self->restarts_;
    return VIGIL_OK;
  }
  static void on_audit(void* context, const char* event, const char* fields_json) {
    auto* self = static_cast<FakeDelivery*>(context);
    std::lock_guard lock(self->mutex_);
    self->audits_.push_back({event, fields_json});
  }

  std::string report_;
  std::string key_;
  vigil_delivery view_{};
  vigil_delivery_host host_{};
  mutable std::mutex mutex_;
  std::vector<AuditRecord> audits_;
  int saves_ = 0;
  int restarts_ = 0;
};

// Settings as the host passes them: key = value strings.
class Settings {
 public:
  Settings(std::initializer_list<std::pair<std::string, std::string>> pairs) : pairs_(pairs) {
    for (const auto& [key, value] : pairs_) raw_.push_back({key.c_str(), value.c_str()});
  }
  Settings(const Settings&) = delete;
  Settings& operator=(const Settings&) = delete;
  vigil::plugin::settings parsed() const {
    return vigil::plugin::settings(raw_.data(), raw_.size());
  }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::vector<vigil_key_value> raw_;
};

inline vigil::plugin::host no_host() { return vigil::plugin::host(nullptr); }

}  // namespace vigil::portal::testing
