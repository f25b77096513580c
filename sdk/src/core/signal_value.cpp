// normalize_signal_value: see vigil/signal_value.hpp.
#include "vigil/signal_value.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "bank/import/ascii_text.hpp"
#include "bank/import/quoted_text.hpp"

namespace vigil {
namespace {

struct HexType {
  std::string_view name;
  std::size_t digits;
};

constexpr std::array<HexType, 4> kHexTypes{{
    {"pdq", 64},
    {"md5", 32},
    {"sha1", 40},
    {"sha256", 64},
}};

std::optional<std::size_t> hex_digits_of(std::string_view type) {
  for (const HexType& hex : kHexTypes) {
    if (hex.name == type) return hex.digits;
  }
  return std::nullopt;
}

Status value_error(std::string_view type, std::string message) {
  std::string text(type);
  text += " value ";
  text += message;
  return Status(ErrorCode::invalid_argument, std::move(text));
}

Result<std::string> normalize_hex(std::string_view type, std::size_t digits,
                                  std::string_view value) {
  if (value.size() != digits) {
    return value_error(type, "must be " + std::to_string(digits) + " hex digits, got " +
                                 std::to_string(value.size()) + " characters");
  }
  std::string lower(value);
  for (std::size_t i = 0; i < lower.size(); ++i) {
    char& c = lower[i];
    if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return value_error(type, "has a non-hex character at position " + std::to_string(i + 1));
    }
  }
  return lower;
}

Result<std::string> normalize_photodna(std::string_view value) {
  if (value.size() > kMaxPhotoDnaValueBytes) {
    return value_error("pdna",
                       "is longer than " + std::to_string(kMaxPhotoDnaValueBytes) + " bytes");
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte < 0x20 || byte >= 0x7f) {
      return value_error("pdna",
                         "has a non-printable character at position " + std::to_string(i + 1));
    }
  }
  return std::string(value);
}

// Length of the UTF-8 sequence starting at value[i], or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points over U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view value, std::size_t i) {
  const auto lead = static_cast<unsigned char>(value[i]);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (value.size() - i < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(value[i + k]);
    const unsigned char min = k == 1 ? low : static_cast<unsigned char>(0x80);
    const unsigned char max = k == 1 ? high : static_cast<unsigned char>(0xBF);
    if (byte < min || byte > max) return 0;
  }
  return length;
}

Result<std::string> normalize_text(std::string_view type, std::string_view value) {
  if (value.size() > kMaxSignalValueBytes) {
    return value_error(type, "is longer than " + std::to_string(kMaxSignalValueBytes) + " bytes");
  }
  std::size_t i = 0;
  while (i < value.size()) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) {
        return value_error(type, "has a control character at position " + std::to_string(i + 1));
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(value, i);
    if (length == 0) {
      return value_error(type, "is not valid UTF-8 at position " + std::to_string(i + 1));
    }
    i += length;
  }
  return std::string(value);
}

}  // namespace

bool is_valid_signal_type_name(std::string_view type) noexcept {
  if (type.empty() || type.size() > kMaxSignalTypeNameBytes) return false;
  for (const char c : type) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Result<std::string> normalize_signal_value(std::string_view type, std::string_view value) {
  if (!is_valid_signal_type_name(type)) {
    return Status(ErrorCode::invalid_argument, "signal type " + bank_import::in_quotes(type) +
                                                   " is not a valid type name " + "(1.." +
                                                   std::to_string(kMaxSignalTypeNameBytes) +
                                                   " characters of a-z, 0-9 and _)");
  }
  value = bank_import::trim(value);
  if (value.empty()) return value_error(type, "is empty");
  if (const auto digits = hex_digits_of(type)) return normalize_hex(type, *digits, value);
  if (type == "pdna") return normalize_photodna(value);
  return normalize_text(type, value);
}

}  // namespace vigil
