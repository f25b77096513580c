#include "xml_support.hpp"

#include <algorithm>
#include <stdexcept>

namespace vigil::portal::cybertipline::testing {

nlohmann::json full_report() {
  return nlohmann::json::parse(R"json({
    "schema": "vigil.report/1",
    "case_id": "case-123",
    "incident": {
      "type": "Child Pornography (possession, manufacture, and distribution)",
      "time": "2026-11-29T13:59:58Z",
      "description": "Detected on upload",
      "platform": "Example Photos",
      "escalate_to_high_priority": "Ongoing abuse suspected",
      "annotations": ["spam", "sextortion"]
    },
    "content_url": "https://example.com/post/1",
    "uploader": {
      "esp_identifier": "user-42", "esp_service": "Photos", "screen_name": "screen",
      "display_name": "Display", "profile_url": "https://example.com/u/42",
      "ip_address": "203.0.113.5", "ip_event": "Upload", "ip_time": "2026-11-29T13:59:50Z",
      "port": 443, "possible_proxy": false,
      "device_id": "device-1", "prior_reports": ["12345", 67890],
      "account_temporarily_disabled": false, "account_permanently_disabled": true,
      "additional_info": "uploader info"
    },
    "files": [ {
      "file_name": "upload-1.jpg", "original_file_name": "holiday.jpg",
      "location": "/var/evidence/abc.jpg", "uploaded_at": "2026-11-29T13:59:50.250+01:00",
      "viewed_by_person": false, "exif_viewed_by_person": false, "publicly_available": false,
      "relevance": "Reported", "industry_classification": "A1",
      "annotations": ["generativeAi", "potentialMeme"],
      "hashes": {"md5": "0123456789abcdef0123456789abcdef",
                 "sha1": "0123456789abcdef0123456789abcdef01234567",
                 "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                 "pdq": "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"},
      "matches": [ {"bank": "ncmec", "list_version": 3, "entry": "e1", "signal_type": "pdq",
                    "distance": 4, "variant": "rot90"},
                   {"bank": "local", "entry": "e2", "signal_type": "md5", "distance": 0} ]
    } ],
    "additional_info": "Automatic report"
  })json");
}

nlohmann::json minimal_report() {
  return nlohmann::json::parse(R"({"case_id": "case-123",
                                   "incident": {"time": "2026-11-29T13:59:58Z"}})");
}

ReportingPerson sample_person() {
  ReportingPerson person;
  person.first_name = "Pat";
  person.last_name = "Reviewer";
  person.email = "trust@example.com";
  return person;
}

std::unique_ptr<pugi::xml_document> parse(const std::string& xml) {
  auto document = std::make_unique<pugi::xml_document>();
  const pugi::xml_parse_result result = document->load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  if (!result) throw std::runtime_error(std::string("not well-formed: ") + result.description());
  return document;
}

std::vector<std::string> child_names(const pugi::xml_node& node) {
  std::vector<std::string> names;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_element) names.emplace_back(child.name());
  }
  return names;
}

bool follows_schema_order(const std::vector<std::string>& names,
                          const std::vector<std::string>& schema_order) {
  std::size_t last = 0;
  for (const std::string& name : names) {
    const auto at = std::find(schema_order.begin(), schema_order.end(), name);
    if (at == schema_order.end()) return false;
    const auto index = static_cast<std::size_t>(at - schema_order.begin());
    if (index < last) return false;
    last = index;
  }
  return true;
}

std::string text_at(const pugi::xml_node& root, const char* path) {
  const pugi::xml_node node = root.first_element_by_path(path);
  if (!node) throw std::runtime_error(std::string("no element at ") + path);
  return node.text().get();
}

const std::vector<std::string>& report_order() {
  static const std::vector<std::string> order = {
      "batchedReport",        "incidentSummary",   "internetDetails", "lawEnforcement", "reporter",
      "personOrUserReported", "intendedRecipient", "victim",          "additionalInfo"};
  return order;
}

const std::vector<std::string>& incident_summary_order() {
  static const std::vector<std::string> order = {
      "incidentType",      "platform",         "escalateToHighPriority",
      "reportAnnotations", "incidentDateTime", "incidentDateTimeDescription"};
  return order;
}

const std::vector<std::string>& reporter_order() {
  static const std::vector<std::string> order = {"reportingPerson", "contactPerson",
                                                 "companyTemplate", "termsOfService", "legalURL"};
  return order;
}

const std::vector<std::string>& person_or_user_reported_order() {
  static const std::vector<std::string> order = {"espIdentifier",
                                                 "espService",
                                                 "screenName",
                                                 "displayName",
                                                 "profileUrl",
                                                 "ipCaptureEvent",
                                                 "deviceId",
                                                 "priorCTReports",
                                                 "accountTemporarilyDisabled",
                                                 "accountPermanentlyDisabled",
                                                 "additionalInfo"};
  return order;
}

const std::vector<std::string>& ip_capture_event_order() {
  static const std::vector<std::string> order = {"ipAddress", "eventName", "dateTime",
                                                 "possibleProxy", "port"};
  return order;
}

const std::vector<std::string>& file_details_order() {
  static const std::vector<std::string> order = {"reportId",
                                                 "fileId",
                                                 "fileName",
                                                 "originalFileName",
                                                 "uploadedToEspTimestamp",
                                                 "locationOfFile",
                                                 "fileViewedByEsp",
                                                 "exifViewedByEsp",
                                                 "publiclyAvailable",
                                                 "fileRelevance",
                                                 "fileAnnotations",
                                                 "industryClassification",
                                                 "originalFileHash",
                                                 "ipCaptureEvent",
                                                 "deviceId",
                                                 "details",
                                                 "additionalInfo"};
  return order;
}

}  // namespace vigil::portal::cybertipline::testing
