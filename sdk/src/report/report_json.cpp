// Builds the "vigil.report/1" JSON (see vigil/report.hpp and docs/reporting.md).
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

#include "vigil/report.hpp"

namespace vigil {
namespace {

using nlohmann::json;

void put_if_set(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

json uploader_json(const ReportedUploader& uploader) {
  json out = json::object();
  put_if_set(out, "esp_identifier", uploader.esp_identifier);
  put_if_set(out, "esp_service", uploader.esp_service);
  put_if_set(out, "screen_name", uploader.screen_name);
  put_if_set(out, "display_name", uploader.display_name);
  put_if_set(out, "profile_url", uploader.profile_url);
  put_if_set(out, "ip_address", uploader.ip_address);
  if (!uploader.ip_address.empty()) {
    put_if_set(out, "ip_event", uploader.ip_event);
    put_if_set(out, "ip_time", uploader.ip_time);
    if (uploader.port) out["port"] = *uploader.port;
  }
  if (!uploader.prior_reports.empty()) out["prior_reports"] = uploader.prior_reports;
  return out;
}

json match_json(const Match& match) {
  return {{"bank", match.bank},         {"list_version", match.bank_version},
          {"entry", match.entry_id},    {"signal_type", match.signal_type},
          {"distance", match.distance}, {"variant", match.variant}};
}

json file_json(const ReportedFile& file) {
  json out = json::object();
  put_if_set(out, "file_name", file.file_name);
  put_if_set(out, "original_file_name", file.original_file_name);
  put_if_set(out, "location", file.location);
  put_if_set(out, "uploaded_at", file.uploaded_at);
  out["viewed_by_person"] = file.viewed_by_person;
  out["publicly_available"] = file.publicly_available;
  out["hashes"] = json::object();
  for (const auto& [type, value] : file.hashes) out["hashes"][type] = value;
  out["matches"] = json::array();
  for (const Match& match : file.matches) out["matches"].push_back(match_json(match));
  return out;
}

}  // namespace

std::string utc_timestamp_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t used = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + used, sizeof text - used, ".%03dZ", static_cast<int>(millis));
  return text;
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

std::string report_json(const ReportRequest& request, std::string_view destination,
                        std::string_view created_at) {
  const std::string now = created_at.empty() ? utc_timestamp_now() : std::string(created_at);
  json report = {{"schema", kReportSchema},
                 {"case_id", request.case_id},
                 {"destination", destination},
                 {"created_at", now}};
  json incident = {{"time", request.incident_time.empty() ? now : request.incident_time}};
  put_if_set(incident, "type", request.incident_type);
  report["incident"] = std::move(incident);
  put_if_set(report, "content_url", request.content_url);
  if (request.uploader) report["uploader"] = uploader_json(*request.uploader);
  report["files"] = json::array();
  for (const ReportedFile& file : request.files) report["files"].push_back(file_json(file));
  put_if_set(report, "additional_info", request.additional_info);
  return report.dump();
}

}  // namespace vigil
