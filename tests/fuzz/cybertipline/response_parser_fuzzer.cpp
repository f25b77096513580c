// libFuzzer target for the CyberTipline response parser (cybertipline/response.hpp). Built
// only with clang (see CMakeLists.txt). The input is the response body.
//
// Besides memory errors and undefined behaviour (ASan/UBSan), it traps when the parser
// breaks its contract:
//   * parse_response either returns a Response or throws response_error; any other
//     exception is a bug;
//   * a body over the cap is refused whatever it holds (checked with max_bytes = size - 1);
//   * a body containing "<!DOCTYPE" or "<!ENTITY" (any ASCII case) is never accepted;
//   * a returned Response has trimmed values, file_ids only for <reportDoneResponse> and
//     never an empty file id, and every string is valid UTF-8 holding only XML characters.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "cybertipline/errors.hpp"
#include "cybertipline/response.hpp"
#include "cybertipline/xml_text.hpp"

namespace {

namespace ct = vigil::portal::cybertipline;

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "cybertipline_response_fuzzer: contract violated: %s\n", what);
    std::abort();
  }
}

bool contains_ascii_ci(std::string_view text, std::string_view lower_word) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered.find(lower_word) != std::string::npos;
}

bool trimmed(std::string_view value) {
  constexpr std::string_view kSpace = " \t\r\n";
  return value.empty() || (kSpace.find(value.front()) == std::string_view::npos &&
                           kSpace.find(value.back()) == std::string_view::npos);
}

bool clean_text(std::string_view value) {
  return !ct::find_text_problem(value, ct::text_policy::xml10).has_value();
}

void check_value(std::string_view value) {
  require(trimmed(value), "value not trimmed");
  require(clean_text(value), "value is not valid XML text");
}

// Returns true when the body was accepted.
bool parse_checked(std::string_view body, std::size_t max_bytes) {
  try {
    const ct::Response response = ct::parse_response(body, max_bytes);
    require(body.size() <= max_bytes, "accepted a body over the cap");
    require(!contains_ascii_ci(body, "<!doctype") && !contains_ascii_ci(body, "<!entity"),
            "accepted a DOCTYPE or ENTITY declaration");
    check_value(response.description);
    check_value(response.report_id);
    check_value(response.file_id);
    check_value(response.hash);
    require(response.done || response.file_ids.empty(), "file_ids outside reportDoneResponse");
    require(!response.done || (response.file_id.empty() && response.hash.empty()),
            "fileId/hash read from reportDoneResponse");
    for (const std::string& id : response.file_ids) {
      require(!id.empty(), "empty file id");
      check_value(id);
    }
    return true;
  } catch (const ct::response_error& error) {
    require(error.what()[0] != '\0', "response_error without a message");
    return false;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cybertipline_response_fuzzer: unexpected exception: %s\n", error.what());
    std::abort();
  } catch (...) {
    require(false, "unexpected non-std exception");
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  parse_checked(body, ct::kMaxResponseBytes);
  if (size > 0) require(!parse_checked(body, size - 1), "cap not enforced");
  return 0;
}
