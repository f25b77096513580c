#include "utc_time.hpp"

#include <cstdio>
#include <ctime>

namespace vigil::platform {
namespace {

std::tm utc_fields(std::int64_t unix_seconds) {
  const auto time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return utc;
}

}  // namespace

std::string utc_timestamp_seconds(std::int64_t unix_seconds) {
  const std::tm utc = utc_fields(unix_seconds);
  char text[96];
  (void)std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                      utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

std::string utc_timestamp_millis(std::int64_t unix_ms) {
  std::int64_t seconds = unix_ms / 1000;
  std::int64_t millis = unix_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  const std::tm utc = utc_fields(seconds);
  char text[96];
  (void)std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                      utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                      static_cast<int>(millis));
  return text;
}

}  // namespace vigil::platform
