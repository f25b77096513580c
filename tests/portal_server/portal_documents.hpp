// The XML documents the test portal reads (<report>, <fileDetails>) and writes
// (<reportResponse>, <reportDoneResponse>), per docs/cybertipline.md. Internal to the
// vigil_test_portal library. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::testing::details {

// CyberTipline response codes the portal sends.
inline constexpr int kSuccess = 0;
inline constexpr int kInvalidRequest = 4000;
inline constexpr int kValidationFailed = 4100;
inline constexpr int kMalformedXml = 4110;
inline constexpr int kReportNotFound = 5001;
inline constexpr int kFileNotFound = 5002;
inline constexpr int kAlreadyRetracted = 5101;
inline constexpr int kAlreadyFinished = 5102;

// The outcome of checking a posted document: response_code 0 when it is acceptable, else
// 4110 (not well-formed XML, a DOCTYPE, not exactly one root element) or 4100 (anything the
// schema forbids), with `description` saying what was wrong.
struct DocumentCheck {
  int response_code = kSuccess;
  std::string description;
  bool ok() const { return response_code == kSuccess; }
};

struct ReportCheck : DocumentCheck {
  std::string case_id;  // from the top-level <additionalInfo> line "Vigil case: <id>"
};

struct FileDetailsCheck : DocumentCheck {
  std::string report_id;  // <reportId> and <fileId> text, trimmed
  std::string file_id;
};

// Checks a <report> document: children of <report> and of its main sections in schema
// order, required elements present, enumerations exact, field limits.
ReportCheck check_report(std::string_view xml);

// Checks a <fileDetails> document the same way. It does not look the ids up.
FileDetailsCheck check_file_details(std::string_view xml);

// A short English text for a response code ("Success", "Report does not exist"...).
std::string describe_code(int response_code);

// <reportResponse> with responseCode and responseDescription, then reportId, fileId and
// hash when not empty. Includes an XML declaration.
std::string report_response(int response_code, std::string_view description,
                            std::string_view report_id = {}, std::string_view file_id = {},
                            std::string_view hash = {});

// <reportDoneResponse> with responseCode 0, reportId and files/fileId*.
std::string report_done_response(std::string_view report_id,
                                 const std::vector<std::string>& file_ids);

}  // namespace vigil::testing::details
