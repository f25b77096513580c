// Small text helpers shared by the list importers (ASCII only; values are not interpreted).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
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

// Labels in first-seen order without empties or repeats; linear in the number added.
class LabelList {
 public:
  void add(std::string_view label);
  std::vector<std::string> take() { return std::move(labels_); }

 private:
  static constexpr std::size_t kLinearSearchLimit = 16;
  std::vector<std::string> labels_;
  std::unordered_set<std::string> seen_;  // filled once labels_ outgrows kLinearSearchLimit
};

// `text` made safe for an error message: at most 64 characters, anything but printable
// ASCII (and the backslash) written as \xNN, "..." when cut. Never use it for a value.
std::string escaped(std::string_view text);

// escaped(text) in single quotes.
std::string in_quotes(std::string_view text);

}  // namespace vigil::bank_import
