// Parsing CyberTipline responses: <reportResponse> (status, submit, upload, fileinfo,
// retract) and <reportDoneResponse> (finish).
//
//   <reportResponse>                    <reportDoneResponse>
//     <responseCode>0</responseCode>      <responseCode>0</responseCode>
//     <responseDescription/>              <responseDescription/>   (optional)
//     <reportId/> <fileId/> <hash/>       <reportId/>
//   </reportResponse>                     <files><fileId/>...</files>
//                                       </reportDoneResponse>
//
// Hardening, in this order, before any XML parsing: a body larger than `max_bytes` is
// refused without being read; an empty (or whitespace-only) body is refused (a 401 has an
// empty body); the body must be UTF-8 holding only XML 1.0 characters; any "<!DOCTYPE" or
// "<!ENTITY" (ASCII case-insensitive) anywhere is refused, and so is any other "<!"
// declaration except comments and CDATA sections. pugixml then parses the UTF-8 buffer
// (the encoding is forced, never taken from a BOM or the declaration) without DOCTYPE or
// processing-instruction support: only the five predefined entities and character
// references are expanded.
//
// Reading: exactly one root element, reportResponse or reportDoneResponse (compared without
// a namespace prefix). Values are the element's text (character data and CDATA) with XML
// whitespace trimmed; a known element holding child elements, or a known singular element
// given twice, is refused. responseCode must be a decimal integer that fits in int; its
// absence leaves response_code empty (the caller decides). Unknown elements are ignored.
// A non-zero responseCode is NOT an error here: the caller maps codes to actions.
//
// Errors: response_error; messages never quote the body. Pure function, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::portal::cybertipline {

struct Response {
  std::optional<int> response_code;
  std::string description;            // responseDescription
  std::string report_id;              // reportId
  std::string file_id;                // fileId (reportResponse, after /upload)
  std::string hash;                   // hash: the MD5 the service computed (after /upload)
  std::vector<std::string> file_ids;  // files/fileId (reportDoneResponse), in order
  bool done = false;                  // true for <reportDoneResponse>
};

inline constexpr std::size_t kMaxResponseBytes = 64 * 1024;

// Throws response_error: too large, empty, malformed, DOCTYPE/entity present, unexpected
// root, responseCode not an integer.
Response parse_response(std::string_view body, std::size_t max_bytes = kMaxResponseBytes);

}  // namespace vigil::portal::cybertipline
