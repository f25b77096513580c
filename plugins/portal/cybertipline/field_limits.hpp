// Field limits of the CyberTipline schema (docs/cybertipline.md, "Field limits to validate
// before sending"). Lengths count Unicode characters (code points), as XML Schema's maxLength
// does, not UTF-8 bytes. A value over its limit is a validation_error naming the field and the
// limit; values are never truncated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace vigil::portal::cybertipline::field_limits {

inline constexpr std::size_t kPlatform = 256;
inline constexpr std::size_t kScreenName = 256;
inline constexpr std::size_t kEspIdentifier = 256;
inline constexpr std::size_t kFirstName = 100;
inline constexpr std::size_t kLastName = 100;
inline constexpr std::size_t kEscalateToHighPriority = 3000;
inline constexpr std::size_t kIncidentDateTimeDescription = 3000;
inline constexpr std::size_t kOriginalFileName = 2056;
inline constexpr std::size_t kLocationOfFile = 2083;
inline constexpr std::size_t kLegalUrl = 2083;
inline constexpr std::size_t kHashType = 64;
inline constexpr std::int64_t kPortMin = 1;
inline constexpr std::int64_t kPortMax = 65535;

// Not in docs/cybertipline.md: deviceId's idType/idValue limits as NCMEC's schema gives them
// (mirrored by independent public clients). Confirm at onboarding.
inline constexpr std::size_t kDeviceIdType = 255;
inline constexpr std::size_t kDeviceIdValue = 2083;

// For fields without a documented limit.
inline constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

// Checks that `text` is valid outgoing XML text (see xml_text.hpp) of at most `max_chars`
// characters. Throws validation_error "<label>: longer than <max_chars> characters" (or the
// xml_text message) otherwise. `label` names the field, e.g. "uploader.screen_name
// (screenName)".
void check_length(std::string_view text, std::size_t max_chars, std::string_view label);

}  // namespace vigil::portal::cybertipline::field_limits
