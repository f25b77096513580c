// Builds the "vigil.report/1" JSON (see vigil/report.hpp and docs/reporting.md).
#include <nlohmann/json.hpp>

#include "platform/clock.hpp"
#include "platform/utc_time.hpp"
#include "utf8_text.hpp"
#include "vigil/report.hpp"

namespace vigil {
namespace {

using nlohmann::json;

// Builds the JSON while checking that every text is UTF-8 (JSON text must be; nlohmann
// throws on anything else). Keeps the first bad field, named as in ReportRequest; the rest
// of the build is wasted but harmless.
class ReportBuilder {
 public:
  const Status& status() const { return status_; }

  // Puts `value` under `key` unless it is empty. `prefix` names the enclosing object
  // ("", "uploader.", "files[0].") for the error message.
  void put_if_set(json& object, const char* key, std::string_view value,
                  std::string_view prefix = {}) {
    if (!value.empty()) object[key] = text(value, prefix, key);
  }

  // `value` when it is UTF-8; otherwise records the error (naming `prefix` + `key`, and the
  // byte offset, never the value: it may be personal data) and returns "".
  std::string_view text(std::string_view value, std::string_view prefix, std::string_view key) {
    const auto bad = report::first_invalid_utf8(value);
    if (!bad) return value;
    if (status_.ok()) {
      status_ = Status(ErrorCode::invalid_argument,
                       "report field " + std::string(prefix) + std::string(key) +
                           " is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
    }
    return {};
  }

  json uploader(const ReportedUploader& uploader) {
    constexpr std::string_view p = "uploader.";
    json out = json::object();
    put_if_set(out, "esp_identifier", uploader.esp_identifier, p);
    put_if_set(out, "esp_service", uploader.esp_service, p);
    put_if_set(out, "screen_name", uploader.screen_name, p);
    put_if_set(out, "display_name", uploader.display_name, p);
    put_if_set(out, "profile_url", uploader.profile_url, p);
    put_if_set(out, "ip_address", uploader.ip_address, p);
    if (!uploader.ip_address.empty()) {
      put_if_set(out, "ip_event", uploader.ip_event, p);
      put_if_set(out, "ip_time", uploader.ip_time, p);
      if (uploader.port) out["port"] = *uploader.port;
    }
    if (!uploader.prior_reports.empty()) {
      json prior = json::array();
      for (std::size_t i = 0; i < uploader.prior_reports.size(); ++i) {
        prior.push_back(
            text(uploader.prior_reports[i], p, "prior_reports[" + std::to_string(i) + "]"));
      }
      out["prior_reports"] = std::move(prior);
    }
    return out;
  }

  json match(const Match& match, const std::string& p) {
    json out = {{"bank", text(match.bank, p, "bank")},
                {"list_version", text(match.bank_version, p, "bank_version")},
                {"entry", text(match.entry_id, p, "entry_id")},
                {"signal_type", text(match.signal_type, p, "signal_type")},
                {"distance", match.distance}};
    put_if_set(out, "variant", match.variant, p);  // perceptual matches only
    return out;
  }

  json file(const ReportedFile& file, const std::string& p) {
    json out = json::object();
    put_if_set(out, "file_name", file.file_name, p);
    put_if_set(out, "original_file_name", file.original_file_name, p);
    put_if_set(out, "location", file.location, p);
    put_if_set(out, "uploaded_at", file.uploaded_at, p);
    out["viewed_by_person"] = file.viewed_by_person;
    out["publicly_available"] = file.publicly_available;
    out["hashes"] = json::object();
    for (const auto& [type, value] : file.hashes) {
      const std::string_view key = text(type, p, "hashes (a signal type)");
      if (!key.empty()) out["hashes"][key] = text(value, p, "hashes." + type);
    }
    out["matches"] = json::array();
    for (std::size_t i = 0; i < file.matches.size(); ++i) {
      out["matches"].push_back(match(file.matches[i], p + "matches[" + std::to_string(i) + "]."));
    }
    return out;
  }

 private:
  Status status_;
};

}  // namespace

std::string utc_timestamp_now() {
  return platform::utc_timestamp_millis(platform::system_now_ms());
}

ReportedFile reported_file(const ScanResult& scan, std::string location, std::string file_name) {
  ReportedFile file;
  file.location = std::move(location);
  file.file_name = std::move(file_name);
  for (const Signal& signal : scan.signals) {
    const bool digest = signal.type == "md5" || signal.type == "sha1" || signal.type == "sha256";
    // A pdq signal's value is the original orientation (variants are attributes).
    if ((digest || signal.type == "pdq") && !file.hashes.count(signal.type)) {
      file.hashes[signal.type] = signal.value;
    }
  }
  file.matches = scan.matches;
  return file;
}

Result<std::string> report_json(const ReportRequest& request, std::string_view destination,
                                std::string_view created_at) {
  ReportBuilder build;
  const std::string now = created_at.empty() ? utc_timestamp_now() : std::string(created_at);
  json report = {{"schema", kReportSchema},
                 {"case_id", build.text(request.case_id, "", "case_id")},
                 {"destination", build.text(destination, "", "destination")},
                 {"created_at", build.text(now, "", "created_at")}};
  json incident = {{"time", request.incident_time.empty()
                                ? build.text(now, "", "created_at")
                                : build.text(request.incident_time, "", "incident_time")}};
  build.put_if_set(incident, "type", request.incident_type, "incident_");
  report["incident"] = std::move(incident);
  build.put_if_set(report, "content_url", request.content_url);
  if (request.uploader) report["uploader"] = build.uploader(*request.uploader);
  report["files"] = json::array();
  for (std::size_t i = 0; i < request.files.size(); ++i) {
    report["files"].push_back(build.file(request.files[i], "files[" + std::to_string(i) + "]."));
  }
  build.put_if_set(report, "additional_info", request.additional_info);
  if (!build.status().ok()) return build.status();
  try {
    return report.dump();
  } catch (const json::exception& e) {  // unreachable: every text was checked above
    return Status(ErrorCode::internal, std::string("report: cannot serialize: ") + e.what());
  }
}

}  // namespace vigil
