#include "timestamp.hpp"

#include <cstddef>

#include "ascii_text.hpp"

namespace vigil::bank_import {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at text[pos], advancing pos.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (text.size() - pos < count) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = month <= 2 ? year - 1 : year;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::optional<std::int64_t> parse_integer_time(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return time_from_integer(value);
}

// Parses an optional zone at text[pos]; returns its offset from UTC in seconds.
std::optional<std::int64_t> parse_zone(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return 0;
  const char sign = text[pos];
  if (sign == 'Z' || sign == 'z') {
    ++pos;
    return 0;
  }
  if (sign != '+' && sign != '-') return std::nullopt;
  ++pos;
  const auto hours = read_digits(text, pos, 2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (pos < text.size()) {
    if (text[pos] == ':') ++pos;
    const auto parsed = read_digits(text, pos, 2);
    if (!parsed || *parsed > 59) return std::nullopt;
    minutes = *parsed;
  }
  const std::int64_t offset = std::int64_t{*hours} * 3600 + std::int64_t{minutes} * 60;
  return sign == '-' ? -offset : offset;
}

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || pos == text.size() || text[pos++] != '-') return std::nullopt;
  const auto month = read_digits(text, pos, 2);
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  if (pos == text.size() || text[pos++] != '-') return std::nullopt;
  const auto day = read_digits(text, pos, 2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;

  int hour = 0;
  int minute = 0;
  int second = 0;
  std::int64_t zone = 0;
  if (pos < text.size()) {
    const char separator = text[pos++];
    if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
    const auto h = read_digits(text, pos, 2);
    if (!h || *h > 23 || pos == text.size() || text[pos++] != ':') return std::nullopt;
    const auto m = read_digits(text, pos, 2);
    if (!m || *m > 59) return std::nullopt;
    hour = *h;
    minute = *m;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      const auto s = read_digits(text, pos, 2);
      if (!s || *s > 60) return std::nullopt;  // 60: a leap second
      second = *s;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        const std::size_t fraction_start = pos;
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        if (pos == fraction_start) return std::nullopt;
      }
    }
    const auto offset = parse_zone(text, pos);
    if (!offset) return std::nullopt;
    zone = *offset;
  }
  if (pos != text.size()) return std::nullopt;

  const std::int64_t seconds = days_from_civil(*year, *month, *day) * 86400 +
                               std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second -
                               zone;
  if (seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace

std::optional<std::int64_t> time_from_integer(std::int64_t value) noexcept {
  if (value < 0) return std::nullopt;
  if (value >= kFirstMillisecondTime) return value / 1000;
  return value;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) noexcept {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.find('-') == std::string_view::npos) return parse_integer_time(text);
  return parse_iso8601(text);
}

}  // namespace vigil::bank_import
