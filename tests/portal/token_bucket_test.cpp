// The CyberTipline client's pacing: a burst passes at once, then calls wait for tokens.
#include <gtest/gtest.h>

#include <chrono>

#include "token_bucket.hpp"

namespace vigil::portal {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_for(TokenBucket& bucket, int calls) {
  const auto start = Clock::now();
  for (int i = 0; i < calls; ++i) bucket.acquire();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(TokenBucket, PacesCallsBeyondTheBurst) {
  TokenBucket bucket(50, 5);
  // 5 from the burst, then 10 more at 50/s: at least 0.2 s (a lower bound sleeping keeps).
  EXPECT_GE(seconds_for(bucket, 15), 0.19);
}

TEST(TokenBucket, ZeroRateIsUnpaced) {
  TokenBucket bucket(0, 0);
  EXPECT_LT(seconds_for(bucket, 1000), 0.5);
}

}  // namespace
}  // namespace vigil::portal
