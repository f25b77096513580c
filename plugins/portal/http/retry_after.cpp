#include "http/retry_after.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <string>

namespace vigil::portal {

std::int64_t retry_after_ms(std::string_view value, std::time_t now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return 0;

  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    for (const char c : value) {
      seconds = seconds * 10 + (c - '0');
      if (seconds > kMaxRetryAfterMs / 1000) return kMaxRetryAfterMs;
    }
    return seconds * 1000;
  }
  const std::string text(value);
  const std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return 0;
  const std::int64_t delta_ms = (static_cast<std::int64_t>(when) - now) * 1000;
  return std::clamp<std::int64_t>(delta_ms, 0, kMaxRetryAfterMs);
}

std::int64_t retry_after_ms(std::string_view value) {
  return retry_after_ms(value, std::time(nullptr));
}

}  // namespace vigil::portal
