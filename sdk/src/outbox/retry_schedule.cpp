#include <algorithm>
#include <cmath>
#include <cstdint>

#include "vigil/outbox.hpp"

namespace vigil {

std::int64_t retry_delay_ms(const RetrySchedule& schedule, int failures,
                            double unit_random) noexcept {
  const double cap = static_cast<double>(std::max<std::int64_t>(schedule.max_delay_ms, 0));
  const int exponent = std::max(failures, 1) - 1;
  double delay = static_cast<double>(std::max<std::int64_t>(schedule.first_delay_ms, 0)) *
                 std::pow(std::max(schedule.factor, 1.0), exponent);
  delay = std::min(delay, cap);  // also tames inf for huge exponents
  const double jitter = std::clamp(schedule.jitter, 0.0, 1.0);
  const double u = std::clamp(unit_random, 0.0, 1.0);
  delay *= 1.0 + jitter * (2.0 * u - 1.0);
  return static_cast<std::int64_t>(std::clamp(delay, 0.0, cap));
}

}  // namespace vigil
