// ReportRequest: what a platform knows about one incident, and the JSON ("vigil.report/1")
// that every reporter receives for it.
//
// A report is built once per incident (a case) and committed to the outbox once per
// destination. It carries identifiers, hashes and report fields only, never media bytes:
// each file names a `location` that the reporter reads when it sends the file, so the
// evidence store stays the platform's (and so does deleting it on a law-enforcement
// request). The uploader's details are personal data: they go to the destination and are
// never logged by Vigil.
//
// The JSON is documented field by field in docs/reporting.md; reporters must ignore keys
// they do not know, so fields can be added without a new schema name.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.hpp"
#include "vigil/match.hpp"
#include "vigil/scan_result.hpp"
#include "vigil/status.hpp"

namespace vigil {

inline constexpr std::string_view kReportSchema = "vigil.report/1";

// The account that uploaded the content (CyberTipline personOrUserReported).
struct ReportedUploader {
  std::string esp_identifier;  // the platform's account id
  std::string esp_service;
  std::string screen_name;
  std::string display_name;
  std::string profile_url;
  std::string ip_address;
  std::string ip_event = "Upload";  // Login, Registration, Purchase, Upload, Other, Unknown
  std::string ip_time;              // xs:dateTime of the IP capture
  std::optional<int> port;
  std::vector<std::string> prior_reports;  // earlier CyberTipline report ids
};

// One reported file.
struct ReportedFile {
  std::string file_name;           // the name sent to the destination
  std::string original_file_name;  // as the uploader named it (optional)
  std::string location;            // where the reporter reads the bytes at send time
  std::string uploaded_at;         // xs:dateTime (optional)
  // True ONLY when a person at the platform looked at the file. A pure hash match is not
  // a view, and reporting it as one has had evidence suppressed in US courts.
  bool viewed_by_person = false;
  bool publicly_available = false;
  std::map<std::string, std::string> hashes;  // signal type -> hex: md5, sha1, sha256, pdq
  std::vector<Match> matches;                 // why the file is reported
};

struct ReportRequest {
  std::string case_id;  // the platform's id for the incident; one outbox row per destination
  // CyberTipline incidentType; empty: "Child Pornography (possession, manufacture, and
  // distribution)".
  std::string incident_type;
  std::string incident_time;  // xs:dateTime; empty: the report's created_at (UTC, see below)
  std::string content_url;    // where the content was seen, when it is at a URL
  std::optional<ReportedUploader> uploader;
  std::vector<ReportedFile> files;
  std::string additional_info;
};

// A ReportedFile for an upload the engine scanned: the hashes it computed (md5, sha1,
// sha256 and the original-orientation pdq) and the matches that fired.
VIGIL_API ReportedFile reported_file(const ScanResult& scan, std::string location,
                                     std::string file_name);

// The report as the JSON ("vigil.report/1") a reporter receives for `destination`.
//
// `created_at` (an xs:dateTime) is the report's creation time and the incident time when
// request.incident_time is empty; empty: now (UTC). Reports of one case sent to several
// destinations must share it: pass the same value for each (ReportQueue::enqueue does).
//
// Errors: JSON text must be UTF-8, so a text field that is not (a case id, a file name or
// a metadata field holding byte 0xff, say) is ErrorCode::invalid_argument whose message
// names the field as in ReportRequest and the offset of the first bad byte, e.g.
// "report field files[1].original_file_name is not valid UTF-8 (byte 7)"; the message
// never quotes the value. destination and created_at are checked the same way. Never
// throws (short of std::bad_alloc). Thread-safe: a pure function.
VIGIL_API Result<std::string> report_json(const ReportRequest& request,
                                          std::string_view destination,
                                          std::string_view created_at = {});

// The current UTC time as an xs:dateTime with milliseconds ("2026-11-29T14:00:00.123Z").
VIGIL_API std::string utc_timestamp_now();

}  // namespace vigil
