#include "cybertipline/xml_text.hpp"

#include <cstdio>

#include "cybertipline/errors.hpp"

namespace vigil::portal::cybertipline {
namespace {

struct decoded {
  char32_t code_point;
  std::size_t length;  // 0: invalid sequence
};

// Strict UTF-8 (Unicode Table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
decoded decode_utf8(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
    minimum = 0x80;
  } else if ((lead & 0xF0u) == 0xE0u) {
    length = 3;
    code_point = lead & 0x0Fu;
    minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
    minimum = 0x10000;
  } else {
    return {0, 0};
  }
  if (text.size() - pos < length) return {0, 0};
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[pos + i]);
    if ((next & 0xC0u) != 0x80u) return {0, 0};
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {0, 0};
  }
  return {code_point, length};
}

bool allowed(char32_t c, text_policy policy) {
  if (c < 0x20) return c == 0x09 || c == 0x0A || c == 0x0D;
  if (c == 0xFFFE || c == 0xFFFF) return false;
  if (policy == text_policy::outgoing && c >= 0x7F && c <= 0x9F) return false;
  return true;
}

void append_escaped(std::string& out, std::string_view text, bool attribute) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

std::optional<text_problem> find_text_problem(std::string_view text, text_policy policy) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const decoded d = decode_utf8(text, pos);
    if (d.length == 0) return text_problem{text_problem::kind::invalid_utf8, pos, 0};
    if (!allowed(d.code_point, policy)) {
      return text_problem{text_problem::kind::forbidden_character, pos, d.code_point};
    }
    pos += d.length;
  }
  return std::nullopt;
}

std::size_t check_xml_text(std::string_view text, std::string_view field) {
  if (const auto problem = find_text_problem(text, text_policy::outgoing)) {
    if (problem->what == text_problem::kind::invalid_utf8) {
      throw validation_error(std::string(field) + ": not valid UTF-8 (byte " +
                             std::to_string(problem->byte_offset) + ")");
    }
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(problem->code_point));
    throw validation_error(std::string(field) + ": character " + code + " is not allowed");
  }
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++count;  // not a continuation byte
  }
  return count;
}

void append_escaped_text(std::string& out, std::string_view text) {
  append_escaped(out, text, false);
}

void append_escaped_attribute(std::string& out, std::string_view text) {
  append_escaped(out, text, true);
}

}  // namespace vigil::portal::cybertipline
