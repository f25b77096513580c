// Character-level rules for the XML we write and read: UTF-8 validation, the characters XML
// 1.0 can carry, and escaping.
//
// Outgoing text (everything we put into a <report> or <fileDetails>) must be well-formed
// UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF) and must not contain
// control characters other than tab, LF and CR: C0 controls, DEL and the C1 controls
// U+0080-U+009F are refused, as are the non-characters U+FFFE and U+FFFF (not XML
// characters at all). Incoming responses are held to XML 1.0 only (DEL and C1 are legal XML).
//
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::portal::cybertipline {

enum class text_policy {
  outgoing,  // what we send: XML 1.0 characters minus DEL and C1 controls
  xml10,     // what XML 1.0 allows (used on responses)
};

struct text_problem {
  enum class kind { invalid_utf8, forbidden_character };
  kind what;
  std::size_t byte_offset;  // where the problem starts
  char32_t code_point;      // the forbidden character (0 for invalid_utf8)
};

// The first problem in `text` under `policy`, or nullopt when the text is acceptable.
std::optional<text_problem> find_text_problem(std::string_view text, text_policy policy);

// Checks `text` under text_policy::outgoing and returns its length in code points. Throws
// validation_error "<field>: not valid UTF-8 (byte N)" or "<field>: character U+XXXX is not
// allowed"; the message never contains the text.
std::size_t check_xml_text(std::string_view text, std::string_view field);

// Appends `text` escaped for element content: & < > " ' become entity references and CR
// becomes &#13; (a literal CR would be turned into LF by the reader's end-of-line handling).
// Tab and LF stay literal. Does not validate: call check_xml_text first.
void append_escaped_text(std::string& out, std::string_view text);

// As append_escaped_text, for a double-quoted attribute value: tab, LF and CR are also
// written as character references, since attribute-value normalization would turn them into
// spaces.
void append_escaped_attribute(std::string& out, std::string_view text);

}  // namespace vigil::portal::cybertipline
