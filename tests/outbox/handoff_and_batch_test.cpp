// Batched enqueue (one transaction for many rows), Retry-After as a minimum delay, and the
// handed_off state a person finishes with mark_done().
#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using BatchTest = OutboxTest;
using HandOffTest = OutboxTest;

TEST_F(BatchTest, CommitsEveryRowAndKeepsIdempotency) {
  auto outbox = open();
  ASSERT_TRUE(outbox->enqueue("case-1", "ct", "{}").ok());
  auto rows = outbox->enqueue_batch(
      {{"case-1", "ct", "{}"}, {"case-2", "ct", "{}"}, {"case-2", "queue", "{}"}});
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_FALSE((*rows)[0].created);
  EXPECT_TRUE((*rows)[1].created);
  EXPECT_TRUE((*rows)[2].created);
  auto listed = outbox->list();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 3u);
}

TEST_F(BatchTest, OneInvalidRequestCommitsNothing) {
  auto outbox = open();
  auto refused = outbox->enqueue_batch({{"case-1", "ct", "{}"}, {"", "ct", "{}"}});
  EXPECT_EQ(refused.status().code(), ErrorCode::invalid_argument);
  auto too_big =
      outbox->enqueue_batch({{"case-1", "ct", "{}"}, {"case-2", "ct", std::string(2 << 20, 'x')}});
  EXPECT_EQ(too_big.status().code(), ErrorCode::too_large);
  auto listed = outbox->list();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST_F(BatchTest, RetryAfterIsAMinimumDelay) {
  auto outbox = open();
  ASSERT_TRUE(outbox->enqueue("case-1", "ct", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(lease, "http_429", "slow down", 2 * kHour).ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].next_attempt_at_ms - (*rows)[0].updated_at_ms, 2 * kHour);
}

TEST_F(HandOffTest, WaitsForAPersonThenIsFiled) {
  auto outbox = open();
  ASSERT_TRUE(outbox->enqueue("case-1", "iwf-ar", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  EXPECT_EQ(outbox->mark_done(lease.row_id).code(), ErrorCode::invalid_argument)
      << "only a handed-off row can be marked done";
  ASSERT_TRUE(outbox->hand_off(lease, "handoff-1").ok());
  EXPECT_TRUE(nothing_due(*outbox)) << "a handed-off row is never leased again";
  auto status = outbox->status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->count(OutboxState::handed_off), 1);
  EXPECT_TRUE(status->oldest_pending_age_ms.has_value()) << "it still waits for someone";

  ASSERT_TRUE(outbox->mark_done(lease.row_id).ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].state, OutboxState::filed);
  EXPECT_EQ((*rows)[0].remote_id, "handoff-1");
  EXPECT_EQ(outbox->mark_done(lease.row_id).code(), ErrorCode::invalid_argument);
  EXPECT_EQ(outbox->mark_done(999).code(), ErrorCode::not_found);
}

TEST_F(HandOffTest, ARetractionRequestedDuringTheHandOffWins) {
  auto outbox = open();
  ASSERT_TRUE(outbox->enqueue("case-1", "iwf-ar", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->request_retract(lease.row_id).ok());
  ASSERT_TRUE(outbox->hand_off(lease, "").ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].state, OutboxState::retracted);
}

TEST_F(HandOffTest, MarkDoneKeepsThePortalsReference) {
  auto outbox = open();
  ASSERT_TRUE(outbox->enqueue("case-1", "iwf-ar", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->hand_off(lease, "handoff-1").ok());
  ASSERT_TRUE(outbox->mark_done(lease.row_id, "IWF-AR-2026-0042").ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].remote_id, "IWF-AR-2026-0042");
}

TEST_F(HandOffTest, RetractingAHandOffWithdrawsItAtOnce) {
  auto outbox = open();
  ASSERT_TRUE(outbox->enqueue("case-1", "iwf-ar", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->hand_off(lease, "").ok());
  ASSERT_TRUE(outbox->request_retract(lease.row_id).ok());
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].state, OutboxState::retracted);
}

}  // namespace
}  // namespace vigil::outbox_test
