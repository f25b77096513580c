// Internal: "now", the one place libvigil reads the wall clock. Components that let tests
// inject time hold a vigil::UnixClock (vigil/clock.hpp) and ask now_ms(clock).
#pragma once

#include <cstdint>

#include "vigil/clock.hpp"

namespace vigil::platform {

// The system clock as Unix time in milliseconds.
std::int64_t system_now_ms();

// `clock()` when a clock was injected, else system_now_ms().
inline std::int64_t now_ms(const UnixClock& clock) { return clock ? clock() : system_now_ms(); }

}  // namespace vigil::platform
