// ASCII text primitives the list importers share: trimming, case, splitting (values are
// not interpreted).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::bank_import {

bool is_ascii_space(char c) noexcept;

// `text` without surrounding ASCII whitespace.
std::string_view trim(std::string_view text) noexcept;

// True when `text` is nothing but ASCII whitespace.
bool is_blank(std::string_view text) noexcept;

std::string to_lower_ascii(std::string_view text);

// `text` without a leading UTF-8 byte-order mark.
std::string_view strip_utf8_bom(std::string_view text) noexcept;

// The non-empty pieces of `text` between any of the characters in `separators`.
std::vector<std::string_view> split_any(std::string_view text, std::string_view separators);

// The whitespace-separated words of `text`.
std::vector<std::string_view> split_whitespace(std::string_view text);

}  // namespace vigil::bank_import
