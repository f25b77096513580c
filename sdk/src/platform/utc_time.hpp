// Internal: UTC timestamps in the two ISO 8601 forms libvigil writes (log lines, audit
// records, reports, bank snapshots). Pure functions of their argument; thread-safe.
//
// Both print the year with at least four digits (`%04d`), which is what strftime's `%Y`
// prints for every year from 1000 to 9999.
#pragma once

#include <cstdint>
#include <string>

namespace vigil::platform {

// "2026-11-29T14:00:00Z" for Unix time `unix_seconds`.
std::string utc_timestamp_seconds(std::int64_t unix_seconds);

// "2026-11-29T14:00:00.123Z" for Unix time `unix_ms` in milliseconds. A negative time is
// floored (-1 ms is 1969-12-31T23:59:59.999Z).
std::string utc_timestamp_millis(std::int64_t unix_ms);

}  // namespace vigil::platform
