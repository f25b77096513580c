// UTF-8 validation for text that goes into JSON (which must be UTF-8).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil::report {

// The offset of the first byte of `text` that does not start a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF); nullopt when all
// of `text` is UTF-8. As strict as nlohmann::json's serializer, so text this accepts
// never makes dump() throw.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

}  // namespace vigil::report
