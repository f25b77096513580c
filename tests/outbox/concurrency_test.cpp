#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using ConcurrencyTest = OutboxTest;

// Four workers, each with its own Outbox on the same file, drain 200 rows through every
// step. The clock stands still, so leases never expire: each row must be finished once.
TEST_F(ConcurrencyTest, FourWorkersFinishEveryRowExactlyOnce) {
  constexpr int kRows = 200;
  constexpr int kWorkers = 4;
  {
    auto outbox = open();
    ASSERT_TRUE(outbox);
    for (int i = 0; i < kRows; ++i) {
      ASSERT_TRUE(outbox->enqueue("case-" + std::to_string(i), "ncmec", "{}").ok());
    }
  }
  std::mutex mutex;
  std::map<std::int64_t, int> finished;  // row id -> successful finish() calls
  std::vector<std::string> errors;
  auto worker = [&](int index) {
    OutboxOptions o = options();
    o.busy_timeout_ms = 60'000;
    auto opened = Outbox::open(path_, o);
    if (!opened.ok()) {
      std::lock_guard lock(mutex);
      errors.push_back(opened.status().to_string());
      return;
    }
    Outbox& outbox = **opened;
    const std::string id = "worker-" + std::to_string(index);
    for (;;) {
      auto acquired = outbox.acquire(id);
      if (!acquired.ok() || !acquired->has_value()) {
        if (!acquired.ok()) {
          std::lock_guard lock(mutex);
          errors.push_back(acquired.status().to_string());
        }
        return;
      }
      Lease lease = **acquired;
      Status s = outbox.advance(lease, OutboxState::submitted, "", "R-" + lease.case_id);
      if (s.ok()) s = outbox.advance(lease, OutboxState::files_uploaded, "", lease.remote_id);
      if (s.ok()) s = outbox.advance(lease, OutboxState::details_sent, "", lease.remote_id);
      if (s.ok()) s = outbox.advance(lease, OutboxState::finishing, "", lease.remote_id);
      if (s.ok()) s = outbox.finish(lease, OutboxState::filed);
      std::lock_guard lock(mutex);
      if (s.ok()) {
        ++finished[lease.row_id];
      } else {
        errors.push_back(s.to_string());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorkers; ++i) threads.emplace_back(worker, i);
  for (auto& t : threads) t.join();

  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(finished.size(), static_cast<std::size_t>(kRows));
  for (const auto& [row, count] : finished) EXPECT_EQ(count, 1) << "row " << row;
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto status = outbox->status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->count(OutboxState::filed), kRows);
  EXPECT_FALSE(status->oldest_pending_age_ms.has_value());
}

}  // namespace
}  // namespace vigil::outbox_test
