#include "ascii_text.hpp"

#include <cstddef>

namespace vigil::bank_import {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\v\f";

}  // namespace

bool is_ascii_space(char c) noexcept { return kWhitespace.find(c) != std::string_view::npos; }

std::string_view trim(std::string_view text) noexcept {
  const std::size_t first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

bool is_blank(std::string_view text) noexcept {
  return text.find_first_not_of(kWhitespace) == std::string_view::npos;
}

std::string to_lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string_view strip_utf8_bom(std::string_view text) noexcept {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return text;
}

std::vector<std::string_view> split_any(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    start = text.find_first_not_of(separators, start);
    if (start == std::string_view::npos) break;
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    pieces.push_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

std::vector<std::string_view> split_whitespace(std::string_view text) {
  return split_any(text, kWhitespace);
}

}  // namespace vigil::bank_import
