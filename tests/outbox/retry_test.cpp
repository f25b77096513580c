#include <algorithm>
#include <string>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using RetryTest = OutboxTest;

TEST(RetryScheduleTest, GrowsByTheFactorUpToTheCap) {
  RetrySchedule s;  // 30 s, x2, cap 6 h
  EXPECT_EQ(retry_delay_ms(s, 1, 0.5), 30 * kSecond);
  EXPECT_EQ(retry_delay_ms(s, 2, 0.5), 60 * kSecond);
  EXPECT_EQ(retry_delay_ms(s, 3, 0.5), 120 * kSecond);
  EXPECT_EQ(retry_delay_ms(s, 10, 0.5), 512 * 30 * kSecond);
  EXPECT_EQ(retry_delay_ms(s, 11, 0.5), 6 * kHour);  // 1024 * 30 s > 6 h
  EXPECT_EQ(retry_delay_ms(s, 1000, 0.5), 6 * kHour);
  EXPECT_EQ(retry_delay_ms(s, 1'000'000, 0.99), 6 * kHour);
  std::int64_t previous = 0;
  for (int n = 1; n < 40; ++n) {
    const std::int64_t d = retry_delay_ms(s, n, 0.5);
    EXPECT_GE(d, previous);
    previous = d;
  }
}

TEST(RetryScheduleTest, JitterStaysWithinItsFractionAndUnderTheCap) {
  RetrySchedule s;
  for (int n = 1; n < 20; ++n) {
    const std::int64_t base = retry_delay_ms(s, n, 0.5);
    for (double u : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999999}) {
      const std::int64_t d = retry_delay_ms(s, n, u);
      EXPECT_GE(d, static_cast<std::int64_t>(static_cast<double>(base) * 0.8) - 1) << n << " " << u;
      EXPECT_LE(d, static_cast<std::int64_t>(static_cast<double>(base) * 1.2) + 1) << n << " " << u;
      EXPECT_LE(d, s.max_delay_ms);
    }
  }
  EXPECT_EQ(retry_delay_ms(s, 1, 0.0), 24 * kSecond);
  EXPECT_EQ(retry_delay_ms(s, 1, 1.0), 36 * kSecond);
}

TEST_F(RetryTest, TransientFailureMakesTheRowDueAfterTheBackoff) {
  auto outbox = open(options(0.0));  // lowest jitter: 0.8 x the base delay
  ASSERT_TRUE(outbox);
  ASSERT_TRUE(outbox->enqueue("case-1", "ncmec", "{}").ok());
  std::int64_t expected = 30 * kSecond;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    Lease lease = must_acquire(*outbox, "w");
    EXPECT_EQ(lease.attempts, attempt - 1);
    ASSERT_TRUE(outbox->fail_transient(lease, "http_503", "unavailable").ok());
    const std::int64_t delay = expected * 8 / 10;
    clock_.advance(delay - 1);
    EXPECT_TRUE(nothing_due(*outbox)) << "attempt " << attempt;
    clock_.advance(1);
    expected *= 2;
  }
  Lease lease = must_acquire(*outbox, "w");
  EXPECT_EQ(lease.attempts, 4);
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].error_code, "http_503");
  EXPECT_EQ((*rows)[0].state, OutboxState::pending);
}

TEST_F(RetryTest, TransientFailureKeepsProgress) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  ASSERT_TRUE(outbox->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "cp", "R-1").ok());
  ASSERT_TRUE(outbox->fail_transient(lease, "timeout", "").ok());
  clock_.advance(kHour);
  Lease next = must_acquire(*outbox, "w");
  EXPECT_EQ(next.state, OutboxState::submitted);
  EXPECT_EQ(next.checkpoint, "cp");
  EXPECT_EQ(next.remote_id, "R-1");
}

TEST_F(RetryTest, GivesUpAfterTheMaximumAge) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  ASSERT_TRUE(outbox->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(lease, "http_503", "").ok());
  clock_.advance(5 * kDay - 1);
  lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(lease, "http_503", "").ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].state, OutboxState::pending);
  clock_.advance(6 * kHour);
  lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(lease, "http_503", "").ok());
  rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].state, OutboxState::failed);
  EXPECT_EQ((*rows)[0].error_code, std::string(kOutboxExpiredCode));
  EXPECT_EQ((*rows)[0].attempts, 3);
  clock_.advance(30 * kDay);
  EXPECT_TRUE(nothing_due(*outbox));
}

TEST_F(RetryTest, TerminalFailureIsNeverAcquiredUntilRetried) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto row = outbox->enqueue("case-1", "ncmec", "{}");
  ASSERT_TRUE(row.ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "cp", "R-1").ok());
  ASSERT_TRUE(outbox->fail_permanent(lease, "4100", "validation failed").ok());
  EXPECT_EQ(outbox->fail_permanent(lease, "4100", "again").code(), ErrorCode::conflict);
  for (int i = 0; i < 5; ++i) {
    clock_.advance(kDay);
    EXPECT_TRUE(nothing_due(*outbox));
  }
  auto rows = outbox->list({OutboxState::failed, std::nullopt, 10});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].error_code, "4100");

  ASSERT_TRUE(outbox->retry(row->row_id).ok());
  Lease revived = must_acquire(*outbox, "w");
  EXPECT_EQ(revived.row_id, row->row_id);
  EXPECT_EQ(revived.state, OutboxState::pending);
  EXPECT_EQ(revived.attempts, 0);
  EXPECT_EQ(revived.remote_id, "R-1");  // kept so the reporter can retract or resume
  EXPECT_EQ(outbox->retry(row->row_id).code(), ErrorCode::invalid_argument);  // not failed
  EXPECT_EQ(outbox->retry(row->row_id + 100).code(), ErrorCode::not_found);
}

TEST_F(RetryTest, RetryRestartsTheGiveUpClock) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto row = outbox->enqueue("case-1", "ncmec", "{}");
  ASSERT_TRUE(row.ok());
  clock_.advance(6 * kDay);
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(lease, "http_503", "").ok());  // expired
  ASSERT_TRUE(outbox->retry(row->row_id).ok());
  lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(lease, "http_503", "").ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].state, OutboxState::pending);
  EXPECT_EQ((*rows)[0].attempts, 1);
}

}  // namespace
}  // namespace vigil::outbox_test
