// What a CyberTipline responseCode (or HTTP status) means for the caller, from the table in
// docs/reporting.md (after NCMEC's documentation).
#pragma once

namespace vigil::portal {

enum class CodeAction {
  success,            // 0
  retry,              // 1000, 1100, 1300, 1110, 1111, HTTP 5xx/429/408, network: back off, retry
  stop,               // 1210, 2000, 3000, 3100, 3300, 4xxx, HTTP 401/403/other 4xx: alert
  report_missing,     // 5001: expired or retracted: start again from /submit
  file_missing,       // 5002: upload that file again
  already_retracted,  // 5101
  already_finished,   // 5102: the report IS filed
};

CodeAction action_for_response_code(int code) noexcept;
CodeAction action_for_http_status(long status) noexcept;

}  // namespace vigil::portal
