// TokenBucket: paces calls to one destination. Holds up to `burst` tokens, refilled at
// `rate_per_second`; acquire() takes one, sleeping until one is available. A rate of 0
// (or less) disables pacing. Thread-safe: callers share the bucket and are served as
// tokens arrive.
#pragma once

#include <chrono>
#include <mutex>

namespace vigil::portal {

class TokenBucket {
 public:
  TokenBucket(double rate_per_second, double burst);
  void acquire();

 private:
  using Clock = std::chrono::steady_clock;
  double rate_;
  double burst_;
  std::mutex mutex_;
  double tokens_;
  Clock::time_point refilled_;
};

}  // namespace vigil::portal
