// ReportWorker options: the lease precedence of create() (the caller's
// OutboxOptions::lease_ms wins over the config's [outbox].lease_ms; without options the
// config's applies; the lease is read from the outbox while the reporter's /submit call is
// at the portal), and run({.once = true}), whose budget is Outbox::count_due().
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "portal_fixture.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::testing {
namespace {

std::int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Files one report with `worker` and returns the row's lease expiry seen during /submit.
std::int64_t lease_expiry_during_submit(PortalFixture& fixture, ReportWorker& worker) {
  std::atomic<std::int64_t> expires{-1};
  fixture.portal().on_call([&](const PortalCall& call, CallPhase phase) {
    if (phase != CallPhase::received || call.path != "/ispws/submit") return;
    auto outbox = Outbox::open(fixture.outbox_path());
    if (!outbox.ok()) return;
    auto rows = (*outbox)->list();
    if (rows.ok() && rows->size() == 1) expires = (*rows)[0].lease_expires_at_ms;
  });
  auto summary = worker.run();
  fixture.portal().on_call({});
  EXPECT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary.ok() ? summary->filed : 0, 1);
  return expires.load();
}

TEST(WorkerLease, CallersLeaseWinsOverTheConfig) {
  std::atomic<std::int64_t> now{1'800'000'000'000};
  const auto clock = [&now] { return now.load(); };
  PortalFixtureOptions fixture_options;
  fixture_options.clock = clock;
  fixture_options.lease_ms = 60'000;  // [outbox].lease_ms
  PortalFixture fixture(fixture_options);
  OutboxOptions options;
  options.clock = clock;
  options.lease_ms = 123'456;
  auto queue = ReportQueue::open(fixture.outbox_path(), "", options);
  ASSERT_TRUE(queue.ok()) << queue.status().to_string();
  ASSERT_TRUE((*queue)->enqueue(fixture.report("lease-caller", 1), {"cybertipline"}).ok());

  auto worker = ReportWorker::create(fixture.config(), options);
  ASSERT_TRUE(worker.ok()) << worker.status().to_string();
  EXPECT_EQ(lease_expiry_during_submit(fixture, **worker), now + 123'456);
}

TEST(WorkerLease, ConfigLeaseAppliesWithoutCallerOptions) {
  PortalFixtureOptions fixture_options;
  fixture_options.lease_ms = 45'000;
  PortalFixture fixture(fixture_options);
  auto queue = ReportQueue::open(fixture.outbox_path());
  ASSERT_TRUE(queue.ok()) << queue.status().to_string();
  ASSERT_TRUE((*queue)->enqueue(fixture.report("lease-config", 1), {"cybertipline"}).ok());

  auto worker = ReportWorker::create(fixture.config());
  ASSERT_TRUE(worker.ok()) << worker.status().to_string();
  const std::int64_t before = system_ms();
  const std::int64_t expires = lease_expiry_during_submit(fixture, **worker);
  const std::int64_t after = system_ms();
  EXPECT_GE(expires, before + 45'000);
  EXPECT_LE(expires, after + 45'000);
}

TEST(WorkerOnce, DrivesEachRowDueAtTheStartAtMostOnce) {
  std::atomic<std::int64_t> now{1'800'000'000'000};
  const auto clock = [&now] { return now.load(); };
  PortalFixture fixture({clock});
  OutboxOptions options;
  options.clock = clock;
  options.lease_ms = 60'000;
  options.retry.first_delay_ms = 0;  // a failed row is due again at once
  options.retry.jitter = 0;
  auto queue = ReportQueue::open(fixture.outbox_path(), "", options);
  ASSERT_TRUE(queue.ok()) << queue.status().to_string();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        (*queue)->enqueue(fixture.report("once-" + std::to_string(i), 1), {"cybertipline"}).ok());
  }
  fixture.portal().set_down(true);
  auto worker = ReportWorker::create(fixture.config(), options);
  ASSERT_TRUE(worker.ok()) << worker.status().to_string();
  ReportRunOptions once;
  once.once = true;
  for (int round = 0; round < 2; ++round) {
    auto summary = (*worker)->run(once);
    ASSERT_TRUE(summary.ok()) << summary.status().to_string();
    EXPECT_EQ(summary->retried, 3) << "round " << round << ": each due row exactly once";
    EXPECT_EQ(summary->filed + summary->failed + summary->errors, 0);
  }
  auto outbox = Outbox::open(fixture.outbox_path(), options);
  ASSERT_TRUE(outbox.ok());
  auto due = (*outbox)->count_due();
  ASSERT_TRUE(due.ok()) << due.status().to_string();
  EXPECT_EQ(*due, 3) << "the rows wait, due, for the next run";
}

}  // namespace
}  // namespace vigil::testing
