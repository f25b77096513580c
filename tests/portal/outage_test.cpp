// The portal is down for a simulated day, then back: every report is filed exactly once.
// Terminal codes (4100, HTTP 401) stop retries at once and surface in the outbox status.
#include <gtest/gtest.h>

#include <atomic>

#include "portal_fixture.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::testing {
namespace {

constexpr std::int64_t kHour = 3600LL * 1000;

struct FakeClock {
  std::atomic<std::int64_t> now{1'800'000'000'000};
  std::function<std::int64_t()> function() {
    return [this] { return now.load(); };
  }
};

// The earliest next attempt among rows still to deliver, or -1.
std::int64_t next_due(const std::string& outbox_path) {
  auto outbox = Outbox::open(outbox_path);
  auto rows = (*outbox)->list();
  std::int64_t due = -1;
  for (const OutboxRow& row : *rows) {
    if (is_terminal(row.state)) continue;
    if (due < 0 || row.next_attempt_at_ms < due) due = row.next_attempt_at_ms;
  }
  return due;
}

TEST(Outage, ADayLongOutageLosesNothing) {
  FakeClock clock;
  PortalFixture fixture({clock.function()});
  OutboxOptions options;
  options.clock = clock.function();
  auto queue = ReportQueue::open(fixture.outbox_path(), "", options);
  ASSERT_TRUE(queue.ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        (*queue)->enqueue(fixture.report("outage-" + std::to_string(i)), {"cybertipline"}).ok());
  }
  auto worker = ReportWorker::create(fixture.config(), options);
  ASSERT_TRUE(worker.ok()) << worker.status().to_string();

  fixture.portal().set_down(true);
  const std::int64_t outage_ends = clock.now + 24 * kHour;
  int rounds = 0;
  while (clock.now < outage_ends) {
    auto summary = (*worker)->run();
    ASSERT_TRUE(summary.ok()) << summary.status().to_string();
    EXPECT_EQ(summary->filed, 0);
    EXPECT_EQ(summary->failed, 0) << "an outage must never fail a report";
    const std::int64_t due = next_due(fixture.outbox_path());
    ASSERT_GT(due, clock.now.load()) << "a failed attempt must be rescheduled in the future";
    clock.now = due;
    ++rounds;
  }
  EXPECT_GE(rounds, 8) << "the retry schedule should keep trying through the day";
  fixture.portal().set_down(false);
  std::int64_t filed = 0;
  for (int round = 0; round < 10 && next_due(fixture.outbox_path()) >= 0; ++round) {
    clock.now = std::max(clock.now.load(), next_due(fixture.outbox_path()));
    auto summary = (*worker)->run();
    ASSERT_TRUE(summary.ok());
    filed += summary->filed;
  }
  EXPECT_EQ(filed, 3);
  EXPECT_LE(clock.now - outage_ends, 6 * kHour + 2 * kHour)
      << "each report is retried within the schedule's longest delay after the outage";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(fixture.portal().finished_count("outage-" + std::to_string(i)), 1u);
  }
}

struct TerminalCase {
  const char* name;
  std::function<void(TestPortal&)> inject;
  const char* code;
};

class Terminal : public ::testing::TestWithParam<TerminalCase> {};

TEST_P(Terminal, StopsRetriesAndSurfacesInStatus) {
  PortalFixture fixture;
  auto queue = ReportQueue::open(fixture.outbox_path());
  ASSERT_TRUE((*queue)->enqueue(fixture.report("terminal"), {"cybertipline"}).ok());
  GetParam().inject(fixture.portal());
  auto worker = ReportWorker::create(fixture.config());
  ASSERT_TRUE(worker.ok());
  auto summary = (*worker)->run();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->failed, 1);
  const std::size_t calls = fixture.portal().calls().size();
  EXPECT_EQ(calls, 1u) << "a terminal code must not be retried";

  auto again = (*worker)->run();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(fixture.portal().calls().size(), calls) << "a failed row was driven again";
  auto outbox = Outbox::open(fixture.outbox_path());
  auto status = (*outbox)->status();
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->failed.size(), 1u);
  EXPECT_EQ(status->failed[0].error_code, GetParam().code);
  EXPECT_EQ(fixture.portal().finished_count("terminal"), 0u);

  // An operator fixes the cause and revives the row: it is filed.
  ASSERT_TRUE((*outbox)->retry(status->failed[0].row_id).ok());
  auto revived = (*worker)->run();
  ASSERT_TRUE(revived.ok());
  EXPECT_EQ(revived->filed, 1);
  EXPECT_EQ(fixture.portal().finished_count("terminal"), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, Terminal,
    ::testing::Values(
        TerminalCase{"validation_4100",
                     [](TestPortal& portal) { portal.respond_code("/submit", 4100, 1); }, "4100"},
        TerminalCase{"auth_2000",
                     [](TestPortal& portal) { portal.respond_code("/submit", 2000, 1); }, "2000"},
        TerminalCase{"http_401", [](TestPortal& portal) { portal.unauthorized("/submit", 1); },
                     "http_401"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Outage, ServerErrorsAreRetriedWithRetryAfter) {
  FakeClock clock;
  PortalFixture fixture({clock.function()});
  OutboxOptions options;
  options.clock = clock.function();
  auto queue = ReportQueue::open(fixture.outbox_path(), "", options);
  ASSERT_TRUE((*queue)->enqueue(fixture.report("retry-after"), {"cybertipline"}).ok());
  fixture.portal().fail_http("/upload", 429, 1, 7200);
  auto worker = ReportWorker::create(fixture.config(), options);
  auto first = (*worker)->run();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->retried, 1);
  EXPECT_GE(next_due(fixture.outbox_path()) - clock.now, 7200LL * 1000)
      << "Retry-After: 7200 was not honoured";
  clock.now = next_due(fixture.outbox_path());
  auto second = (*worker)->run();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->filed, 1);
  EXPECT_EQ(fixture.portal().finished_count("retry-after"), 1u);
  EXPECT_EQ(fixture.portal().reports().size(), 1u) << "resuming must not submit again";
}

TEST(Outage, RepeatedFailuresOpenTheCircuitBreaker) {
  PortalFixtureOptions options;
  options.breaker_failures = 2;
  options.breaker_open_seconds = 600;
  PortalFixture fixture(options);
  auto queue = ReportQueue::open(fixture.outbox_path());
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(
        (*queue)->enqueue(fixture.report("breaker-" + std::to_string(i)), {"cybertipline"}).ok());
  }
  fixture.portal().set_down(true);
  auto worker = ReportWorker::create(fixture.config());
  ASSERT_TRUE(worker.ok());
  auto summary = (*worker)->run();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->retried, 4);
  EXPECT_EQ(fixture.portal().calls().size(), 2u)
      << "after 2 consecutive failures the other reports must not hit the portal";
  auto outbox = Outbox::open(fixture.outbox_path());
  auto rows = (*outbox)->list();
  ASSERT_TRUE(rows.ok());
  std::size_t paused = 0;
  for (const OutboxRow& row : *rows) paused += row.error_code == "circuit_open" ? 1 : 0;
  EXPECT_EQ(paused, 2u);
}

}  // namespace
}  // namespace vigil::testing
