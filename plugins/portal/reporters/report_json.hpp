// Reading the "vigil.report/1" JSON document the host hands a reporter
// (vigil::plugin::delivery::report_json()).
//
// The shape, as far as the bundled reporters rely on it:
//   {"schema": "vigil.report/1", "case_id": .., "destination": ..,
//    "incident": {"type": .., "time": ..}, "content_url": .. (optional),
//    "uploader": {..personal data..} (optional), "files": [..], "additional_info": ..}
// Key order is preserved (ordered_json), so a report re-serialised by a reporter reads like
// the one the host wrote.
//
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace vigil::portal {

// Parses the report. Throws vigil::plugin::permanent_failure(.., "invalid_report") when it
// is not a JSON object: retrying the same bytes cannot help.
nlohmann::ordered_json parse_report(std::string_view report_json);

// The string member `key` of `object`, or "" when it is absent or not a string.
std::string string_member(const nlohmann::ordered_json& object, std::string_view key);

// Compact one-line JSON (no raw newline), invalid UTF-8 replaced by U+FFFD instead of
// throwing: for JSON Lines records, webhook bodies and audit fields.
std::string dump_line(const nlohmann::ordered_json& value);
std::string dump_line(const nlohmann::json& value);

}  // namespace vigil::portal
