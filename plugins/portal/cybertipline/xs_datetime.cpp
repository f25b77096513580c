#include "cybertipline/xs_datetime.hpp"

#include <cstddef>

namespace vigil::portal::cybertipline {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `count` digits at `pos` into `value`; false if any is not a digit.
bool read_number(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (text.size() < pos + count) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool is_xs_datetime(std::string_view text) {
  // 0123456789012345678
  // YYYY-MM-DDThh:mm:ss
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, 0, 4, year) || !read_number(text, 5, 2, month) ||
      !read_number(text, 8, 2, day) || !read_number(text, 11, 2, hour) ||
      !read_number(text, 14, 2, minute) || !read_number(text, 17, 2, second)) {
    return false;
  }
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return false;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
      hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == first) return false;
  }
  if (pos == text.size()) return false;  // zone required
  if (text[pos] == 'Z') return pos + 1 == text.size();
  if (text[pos] != '+' && text[pos] != '-') return false;
  int zone_hours = 0, zone_minutes = 0;
  if (text.size() != pos + 6 || !read_number(text, pos + 1, 2, zone_hours) ||
      text[pos + 3] != ':' || !read_number(text, pos + 4, 2, zone_minutes)) {
    return false;
  }
  return zone_minutes <= 59 && (zone_hours < 14 || (zone_hours == 14 && zone_minutes == 0));
}

}  // namespace vigil::portal::cybertipline
