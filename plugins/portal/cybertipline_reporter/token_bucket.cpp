#include "token_bucket.hpp"

#include <algorithm>
#include <thread>

namespace vigil::portal {

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_(rate_per_second),
      burst_(std::max(1.0, burst)),
      tokens_(std::max(1.0, burst)),
      refilled_(Clock::now()) {}

void TokenBucket::acquire() {
  if (rate_ <= 0) return;
  Clock::duration wait{};
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    tokens_ =
        std::min(burst_, tokens_ + std::chrono::duration<double>(now - refilled_).count() * rate_);
    refilled_ = now;
    tokens_ -= 1.0;  // taken now; a negative balance is the caller's wait
    if (tokens_ < 0) {
      wait = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(-tokens_ / rate_));
    }
  }
  if (wait > Clock::duration::zero()) std::this_thread::sleep_for(wait);
}

}  // namespace vigil::portal
