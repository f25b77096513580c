// UTC timestamps for the records reporters write ("delivered_at", "reported_at") and the
// webhook's X-Vigil-Timestamp header. Pure functions, thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vigil::portal {

// RFC 3339 / ISO 8601 in UTC with second precision: "2024-05-01T12:00:00Z".
std::string utc_timestamp(std::chrono::system_clock::time_point when);

// Whole seconds since the Unix epoch.
std::int64_t unix_seconds(std::chrono::system_clock::time_point when);

}  // namespace vigil::portal
