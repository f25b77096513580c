// Shared helpers for the outbox tests: a temporary directory and a fake clock.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "vigil/outbox.hpp"

namespace vigil::outbox_test {

inline constexpr std::int64_t kSecond = 1000;
inline constexpr std::int64_t kMinute = 60 * kSecond;
inline constexpr std::int64_t kHour = 60 * kMinute;
inline constexpr std::int64_t kDay = 24 * kHour;

// Unix ms that only moves when a test says so; shared by every Outbox of a test.
struct FakeClock {
  std::shared_ptr<std::atomic<std::int64_t>> now =
      std::make_shared<std::atomic<std::int64_t>>(1'700'000'000'000);

  OutboxClock clock() const {
    return [now = now] { return now->load(); };
  }
  void advance(std::int64_t ms) const { *now += ms; }
  std::int64_t get() const { return now->load(); }
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device seed;
    dir_ = std::filesystem::temp_directory_path() /
           ("vigil_outbox_test_" + std::to_string(seed()) + std::to_string(seed()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "outbox.db").string();
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Options with the fake clock and a fixed random draw (0.5 = no jitter).
  OutboxOptions options(double random = 0.5) const {
    OutboxOptions o;
    o.clock = clock_.clock();
    o.random = [random] { return random; };
    return o;
  }

  std::unique_ptr<Outbox> open(const OutboxOptions& o) const {
    auto outbox = Outbox::open(path_, o);
    if (!outbox.ok()) ADD_FAILURE() << outbox.status().to_string();
    return outbox.ok() ? std::move(outbox).value() : nullptr;
  }
  std::unique_ptr<Outbox> open() const { return open(options()); }

  // Acquires a row that the test knows is due.
  static Lease must_acquire(Outbox& outbox, const std::string& worker) {
    auto lease = outbox.acquire(worker);
    EXPECT_TRUE(lease.ok()) << lease.status().to_string();
    EXPECT_TRUE(lease.ok() && lease->has_value()) << "nothing due";
    return lease.ok() && lease->has_value() ? **lease : Lease{};
  }

  static bool nothing_due(Outbox& outbox) {
    auto lease = outbox.acquire("probe");
    EXPECT_TRUE(lease.ok()) << lease.status().to_string();
    return lease.ok() && !lease->has_value();
  }

  std::filesystem::path dir_;
  std::string path_;
  FakeClock clock_;
};

}  // namespace vigil::outbox_test
