#include "cybertipline/report_xml.hpp"

#include <arpa/inet.h>

#include <string_view>

#include "cybertipline/enumerations.hpp"
#include "cybertipline/errors.hpp"
#include "cybertipline/field_limits.hpp"
#include "cybertipline/field_reader.hpp"
#include "cybertipline/field_writers.hpp"
#include "cybertipline/file_details_xml.hpp"
#include "cybertipline/xml_writer.hpp"

namespace vigil::portal::cybertipline {
namespace {

namespace limits = field_limits;

void write_incident_summary(xml_writer& out, const field_reader& incident) {
  out.open("incidentSummary");
  const auto type = incident.string("type");
  if (type) {
    require_one_of(*type, kIncidentTypes, field_label(incident.path_of("type"), "incidentType"));
  }
  out.text_element("incidentType", type.value_or(kDefaultIncidentType));
  write_text_member(out, incident, "platform", "platform", limits::kPlatform);
  write_text_member(out, incident, "escalate_to_high_priority", "escalateToHighPriority",
                    limits::kEscalateToHighPriority);
  write_flags_member(out, incident, "annotations", "reportAnnotations", kReportAnnotations);
  write_datetime_member(out, incident, "time", "incidentDateTime", /*required=*/true);
  write_text_member(out, incident, "description", "incidentDateTimeDescription",
                    limits::kIncidentDateTimeDescription);
  out.close();
}

void write_internet_details(xml_writer& out, const field_reader& report) {
  out.open("internetDetails");
  out.open("webPageIncident");
  if (report.string("content_url")) {
    write_text_member(out, report, "content_url", "url");
  } else {
    out.text_element("additionalInfo", "Uploaded to the reporting platform");
  }
  out.close();
  out.close();
}

void write_person_text(xml_writer& out, std::string_view value, std::string_view name,
                       std::string_view xml_name, std::size_t max_chars, bool required) {
  const std::string label =
      field_label(std::string("reporting_person.") + std::string(name), xml_name);
  if (value.empty()) {
    if (required) throw validation_error(label + ": is required");
    return;
  }
  limits::check_length(value, max_chars, label);
  out.text_element(xml_name, value);
}

void write_reporter(xml_writer& out, const ReportingPerson& person) {
  out.open("reporter");
  out.open("reportingPerson");
  write_person_text(out, person.first_name, "first_name", "firstName", limits::kFirstName, true);
  write_person_text(out, person.last_name, "last_name", "lastName", limits::kLastName, true);
  const std::string email_label = field_label("reporting_person.email", "email");
  const auto at = person.email.find('@');
  if (!person.email.empty() &&
      (at == std::string::npos || at == 0 || at + 1 == person.email.size() ||
       person.email.find_first_of(" \t\r\n") != std::string::npos)) {
    throw validation_error(email_label + ": not an e-mail address");
  }
  write_person_text(out, person.email, "email", "email", limits::kUnlimited, true);
  out.close();
  write_person_text(out, person.company_template, "company_template", "companyTemplate",
                    limits::kUnlimited, false);
  write_person_text(out, person.terms_of_service, "terms_of_service", "termsOfService",
                    limits::kUnlimited, false);
  write_person_text(out, person.legal_url, "legal_url", "legalURL", limits::kLegalUrl, false);
  out.close();
}

bool is_ip_address(std::string_view text) {
  const std::string copy(text);
  unsigned char buffer[16];
  return inet_pton(AF_INET, copy.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, copy.c_str(), buffer) == 1;
}

bool has_ip_capture_event(const field_reader& uploader) {
  for (const std::string_view key :
       {"ip_address", "ip_event", "ip_time", "port", "possible_proxy"}) {
    if (uploader.get(key) != nullptr) return true;
  }
  return false;
}

void write_ip_capture_event(xml_writer& out, const field_reader& uploader) {
  const auto address = uploader.string("ip_address");
  const std::string address_label = field_label(uploader.path_of("ip_address"), "ipAddress");
  if (!address) {
    throw validation_error(address_label +
                           ": is required with ip_event, ip_time, port or "
                           "possible_proxy");
  }
  if (!is_ip_address(*address)) {
    throw validation_error(address_label + ": not an IPv4 or IPv6 address");
  }
  const auto port = uploader.integer("port");
  if (port && (*port < limits::kPortMin || *port > limits::kPortMax)) {
    throw validation_error(field_label(uploader.path_of("port"), "port") +
                           ": must be between 1 and 65535");
  }
  out.open("ipCaptureEvent");
  out.text_element("ipAddress", *address);
  write_enum_member(out, uploader, "ip_event", "eventName", kIpEventNames);
  write_datetime_member(out, uploader, "ip_time", "dateTime");
  write_bool_member(out, uploader, "possible_proxy", "possibleProxy");
  if (port) out.text_element("port", std::to_string(*port));
  out.close();
}

void write_device_id(xml_writer& out, const field_reader& uploader) {
  const nlohmann::json* device = uploader.get("device_id");
  if (device == nullptr) return;
  const std::string path = uploader.path_of("device_id");
  std::string_view type = "Device ID";
  std::string_view value;
  if (device->is_string()) {
    value = device->get_ref<const std::string&>();
  } else if (device->is_object()) {
    const field_reader fields(*device, path);
    type = fields.required_string("type");
    value = fields.required_string("value");
    limits::check_length(type, limits::kDeviceIdType,
                         field_label(fields.path_of("type"), "deviceId/idType"));
  } else {
    throw validation_error(path + ": must be a string or an object {type, value}");
  }
  if (value.empty()) return;
  limits::check_length(value, limits::kDeviceIdValue, field_label(path, "deviceId/idValue"));
  out.open("deviceId");
  out.text_element("idType", type);
  out.text_element("idValue", value);
  out.close();
}

void write_prior_reports(xml_writer& out, const field_reader& uploader) {
  const nlohmann::json* reports = uploader.array("prior_reports");
  if (reports == nullptr) return;
  for (std::size_t i = 0; i < reports->size(); ++i) {
    const std::string label = field_label(
        uploader.path_of("prior_reports") + "[" + std::to_string(i) + "]", "priorCTReports");
    const nlohmann::json& id = (*reports)[i];
    if (id.is_string() && !id.get_ref<const std::string&>().empty()) {
      field_limits::check_length(id.get_ref<const std::string&>(), limits::kUnlimited, label);
      out.text_element("priorCTReports", id.get_ref<const std::string&>());
    } else if (id.is_number_integer() && (id.is_number_unsigned() || id.get<std::int64_t>() >= 0)) {
      out.text_element("priorCTReports", id.dump());
    } else {
      throw validation_error(label +
                             ": must be a report id (non-empty string or non-negative "
                             "integer)");
    }
  }
}

bool has_any_member(const field_reader& uploader) {
  for (const std::string_view key :
       {"esp_identifier", "esp_service", "screen_name", "display_name", "profile_url", "ip_address",
        "ip_event", "ip_time", "port", "possible_proxy", "device_id", "prior_reports",
        "account_temporarily_disabled", "account_permanently_disabled", "additional_info"}) {
    const nlohmann::json* value = uploader.get(key);
    if (value == nullptr) continue;
    if (value->is_string() && value->get_ref<const std::string&>().empty()) continue;
    if (value->is_array() && value->empty()) continue;
    return true;
  }
  return false;
}

void write_person_or_user_reported(xml_writer& out, const field_reader& uploader) {
  if (!has_any_member(uploader)) return;
  out.open("personOrUserReported");
  write_text_member(out, uploader, "esp_identifier", "espIdentifier", limits::kEspIdentifier);
  write_text_member(out, uploader, "esp_service", "espService");
  write_text_member(out, uploader, "screen_name", "screenName", limits::kScreenName);
  write_text_member(out, uploader, "display_name", "displayName");
  write_text_member(out, uploader, "profile_url", "profileUrl");
  if (has_ip_capture_event(uploader)) write_ip_capture_event(out, uploader);
  write_device_id(out, uploader);
  write_prior_reports(out, uploader);
  write_bool_member(out, uploader, "account_temporarily_disabled", "accountTemporarilyDisabled");
  write_bool_member(out, uploader, "account_permanently_disabled", "accountPermanentlyDisabled");
  write_text_member(out, uploader, "additional_info", "additionalInfo");
  out.close();
}

void check_schema(const field_reader& report) {
  const nlohmann::json* schema = report.get("schema");
  if (schema != nullptr && (!schema->is_string() || *schema != kReportSchema)) {
    throw validation_error("schema: must be \"vigil.report/1\"");
  }
}

// Every file entry must be writable as <fileDetails> before a report is opened for it.
void check_files(const nlohmann::json& report, const field_reader& fields) {
  const nlohmann::json* files = fields.array("files");
  if (files == nullptr) return;
  for (std::size_t i = 0; i < files->size(); ++i) {
    (void)write_file_details_xml(report, i, "0", "0");
  }
}

}  // namespace

std::string write_report_xml(const nlohmann::json& report, const ReportingPerson& person) {
  const field_reader fields(report, "");
  check_schema(fields);
  const std::string_view case_id = fields.required_string("case_id");
  field_limits::check_length(case_id, limits::kUnlimited, field_label("case_id", "additionalInfo"));
  const field_reader incident = fields.required_object("incident");
  const auto uploader = fields.object("uploader");
  check_files(report, fields);

  xml_writer out("report");
  write_incident_summary(out, incident);
  write_internet_details(out, fields);
  write_reporter(out, person);
  if (uploader) write_person_or_user_reported(out, *uploader);
  std::string additional_info = "Vigil case: " + std::string(case_id);
  if (const auto extra = fields.string("additional_info")) {
    field_limits::check_length(*extra, limits::kUnlimited,
                               field_label("additional_info", "additionalInfo"));
    additional_info += '\n';
    additional_info += *extra;
  }
  out.text_element("additionalInfo", additional_info);
  return std::move(out).finish();
}

}  // namespace vigil::portal::cybertipline
