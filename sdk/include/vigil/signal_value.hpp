// Signal values: checking a type name and bringing a value into its stored form.
//
// Every signal carries an explicit type; a value's length never decides its type (PDQ and
// SHA-256 are both 64 hex digits). normalize_signal_value checks a value against the type
// it is given and returns the form Vigil stores and compares:
//
//   type     accepted value                                        stored as
//   pdq      64 hex digits (either case)                           lowercase hex
//   md5      32 hex digits                                         lowercase hex
//   sha1     40 hex digits                                         lowercase hex
//   sha256   64 hex digits                                         lowercase hex
//   pdna     1..2048 printable ASCII characters (0x20..0x7e)       unchanged
//   other    1 byte..1 MiB of valid UTF-8 without control chars    unchanged
//
// PhotoDNA values are licensed and opaque (base64, hex or comma-separated numbers): they
// are checked only for being printable, kept byte for byte, and never printed.
//
// Surrounding ASCII whitespace (space, tab, CR, LF, VT, FF) is removed before checking.
// A value of the wrong length for its type is an error, even when it would be valid for
// another type (a 64-digit value under md5 is an error, never re-typed as sha256).
//
// A valid type name is 1..64 characters of [a-z0-9_] ("pdq", "video_md5", "vpdq"...).
//
// Errors are ErrorCode::invalid_argument. Messages name the type and describe the problem
// (length, position of a bad character) but never contain the value.
//
// Thread-safety: pure functions; may be called from many threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

// Longest accepted type name.
inline constexpr std::size_t kMaxSignalTypeNameBytes = 64;
// Longest accepted "pdna" value.
inline constexpr std::size_t kMaxPhotoDnaValueBytes = 2048;
// Longest accepted value of a type without a fixed length (anything but the hex types).
inline constexpr std::size_t kMaxSignalValueBytes = std::size_t{1} << 20;

// True when `type` is 1..kMaxSignalTypeNameBytes characters of [a-z0-9_].
VIGIL_API bool is_valid_signal_type_name(std::string_view type) noexcept;

// The stored form of `value` under `type` (see the table above), or invalid_argument when
// the type name is invalid or the value does not fit the type.
VIGIL_API Result<std::string> normalize_signal_value(std::string_view type, std::string_view value);

}  // namespace vigil
