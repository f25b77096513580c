// Parsing an HTTP Retry-After header (RFC 9110 section 10.2.3) into a wait in milliseconds,
// for reporters that turn a 429/503 into vigil::plugin::retry_later(..., retry_after_ms).
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <ctime>
#include <string_view>

namespace vigil::portal {

// The longest wait honoured (24 h): a larger value is clamped, so a broken or hostile
// server cannot park a report for months.
inline constexpr std::int64_t kMaxRetryAfterMs = 24LL * 60 * 60 * 1000;

// `value` is either delay-seconds ("7") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT",
// measured from `now`, seconds since the epoch). Returns the wait in milliseconds, clamped to
// [0, kMaxRetryAfterMs]; 0 when the value is empty or unparsable.
std::int64_t retry_after_ms(std::string_view value, std::time_t now);
// Same, measured from the current time.
std::int64_t retry_after_ms(std::string_view value);

}  // namespace vigil::portal
