// Outbox::count_due(): the rows acquire() could lease now, counted by one query.
#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using CountDueTest = OutboxTest;

Result<std::int64_t> due(Outbox& outbox) { return outbox.count_due(); }

TEST_F(CountDueTest, EmptyOutboxHasNothingDue) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto count = due(*outbox);
  ASSERT_TRUE(count.ok()) << count.status().to_string();
  EXPECT_EQ(*count, 0);
}

TEST_F(CountDueTest, CountsExactlyTheRowsAcquireWouldLease) {
  OutboxOptions short_lease = options();
  short_lease.lease_ms = 10 * kSecond;
  OutboxOptions long_lease = options();
  long_lease.lease_ms = kHour;
  auto outbox = open(short_lease);
  auto other = open(long_lease);
  ASSERT_TRUE(outbox && other);
  for (const char* id : {"filed", "failed", "handed", "retry", "stale", "live", "due-1", "due-2"}) {
    ASSERT_TRUE(outbox->enqueue(id, "ct", "{}").ok());
  }
  auto count = due(*outbox);
  ASSERT_TRUE(count.ok()) << count.status().to_string();
  EXPECT_EQ(*count, 8);

  // Rows are leased oldest first (same time: by row id), so in the order enqueued.
  Lease filed = must_acquire(*outbox, "w");
  ASSERT_EQ(filed.case_id, "filed");
  ASSERT_TRUE(outbox->finish(filed, OutboxState::filed).ok());
  Lease failed = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_permanent(failed, "401", "unauthorised").ok());
  Lease handed = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->hand_off(handed, "").ok());
  Lease retry = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_transient(retry, "http_503", "").ok());  // due again in 30 s
  Lease stale = must_acquire(*outbox, "w");                         // expires in 10 s
  ASSERT_EQ(stale.case_id, "stale");
  Lease live = must_acquire(*other, "w2");  // expires in 1 h
  ASSERT_EQ(live.case_id, "live");
  count = due(*outbox);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2) << "due-1 and due-2; the rest are finished, waiting or leased";

  clock_.advance(10 * kSecond);  // the stale lease expired; the retry is not due yet
  count = due(*outbox);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 3) << "an expired lease makes its row due again";
  std::int64_t leased = 0;
  for (;;) {
    auto lease = outbox->acquire("drain");
    ASSERT_TRUE(lease.ok()) << lease.status().to_string();
    if (!lease->has_value()) break;
    ++leased;
  }
  EXPECT_EQ(leased, 3) << "count_due and acquire must agree";
  count = due(*outbox);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);

  clock_.advance(20 * kSecond);  // the retry is due; the drain's leases expired too
  count = due(*other);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 4) << "retry, stale, due-1, due-2 (live is held for an hour)";
}

}  // namespace
}  // namespace vigil::outbox_test
