// The CyberTipline <report> document (POST /submit) written from a "vigil.report/1" JSON
// report. See docs/cybertipline.md for the protocol; this header is the contract of the
// mapping.
//
// Children of <report>, in schema order (the service refuses other orders with 4100):
//   incidentSummary      incidentType       incident.type, default "Child Pornography
//                                           (possession, manufacture, and distribution)";
//                                           else exactly one of kIncidentTypes
//                        platform           incident.platform (<= 256 characters)
//                        escalateToHighPriority  incident.escalate_to_high_priority (<= 3000)
//                        reportAnnotations  incident.annotations: flags of kReportAnnotations,
//                                           written once each, in schema order
//                        incidentDateTime   incident.time, required, xs:dateTime with a zone
//                        incidentDateTimeDescription  incident.description (<= 3000)
//   internetDetails      one webPageIncident: <url> = content_url when given, otherwise
//                        <additionalInfo>Uploaded to the reporting platform</additionalInfo>
//   reporter             reportingPerson {firstName (<= 100), lastName (<= 100), email}, all
//                        required; then companyTemplate, termsOfService, legalURL (<= 2083)
//                        from ReportingPerson when non-empty
//   personOrUserReported from uploader, when it has any field: espIdentifier (<= 256),
//                        espService, screenName (<= 256), displayName, profileUrl,
//                        ipCaptureEvent {ipAddress (IPv4/IPv6, required when any ip_* or port
//                        is given), eventName (ip_event, kIpEventNames), dateTime (ip_time),
//                        possibleProxy, port (1-65535)}, deviceId (see below),
//                        priorCTReports (one per prior_reports entry, a string or a
//                        non-negative integer), accountTemporarilyDisabled,
//                        accountPermanentlyDisabled, additionalInfo
//   additionalInfo       always: "Vigil case: <case_id>", then a newline and additional_info
//                        when given (the loopback portal and humans correlate on it)
// deviceId is written as <deviceId><idType/><idValue/></deviceId> (NCMEC's structure): a
// string device_id gets idType "Device ID"; an object {"type", "value"} gives both.
//
// Every files[] entry is also checked as write_file_details_xml would write it, so a report
// whose file details would be refused is refused here, before a report is opened.
//
// Required: case_id (non-empty string), incident (object), incident.time, the reporting
// person's first_name, last_name and email. "schema", when present, must be
// "vigil.report/1". Unknown members are ignored; absent, null and "" mean "not given".
//
// Errors: validation_error naming the field (JSON path and XML element) and the rule or
// limit; never the value, never truncated. Pure function, thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace vigil::portal::cybertipline {

// The person filing, from the plugin's settings (not from the report).
struct ReportingPerson {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string company_template;  // optional (empty: not sent)
  std::string terms_of_service;  // optional
  std::string legal_url;         // optional, <= 2083 characters
};

inline constexpr std::string_view kReportSchema = "vigil.report/1";

// The <report> document, UTF-8, with an XML declaration. Throws validation_error.
std::string write_report_xml(const nlohmann::json& report, const ReportingPerson& person);

}  // namespace vigil::portal::cybertipline
