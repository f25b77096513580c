#include <string>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using LeaseTest = OutboxTest;

TEST_F(LeaseTest, ALeasedRowIsNotHandedToAnotherInstance) {
  auto one = open();
  auto two = open();
  ASSERT_TRUE(one && two);
  ASSERT_TRUE(one->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*one, "worker-1");
  EXPECT_EQ(lease.worker_id, "worker-1");
  EXPECT_EQ(lease.expires_at_ms, clock_.get() + options().lease_ms);
  EXPECT_TRUE(nothing_due(*two));
  EXPECT_TRUE(nothing_due(*one));
  // Still held one millisecond before expiry.
  clock_.advance(options().lease_ms - 1);
  EXPECT_TRUE(nothing_due(*two));
}

TEST_F(LeaseTest, ExpiredLeaseIsFencedOffAfterAnotherWorkerTakesOver) {
  auto one = open();
  auto two = open();
  ASSERT_TRUE(one && two);
  ASSERT_TRUE(one->enqueue("case-1", "ncmec", "{}").ok());
  Lease old_lease = must_acquire(*one, "worker-1");
  ASSERT_TRUE(one->advance(old_lease, OutboxState::submitted, "cp-1", "R-1").ok());

  clock_.advance(options().lease_ms);
  Lease new_lease = must_acquire(*two, "worker-2");
  EXPECT_EQ(new_lease.row_id, old_lease.row_id);
  EXPECT_GT(new_lease.token, old_lease.token);
  EXPECT_EQ(new_lease.state, OutboxState::submitted);
  EXPECT_EQ(new_lease.remote_id, "R-1");

  Status refused = one->advance(old_lease, OutboxState::files_uploaded, "cp-2", "R-1");
  EXPECT_EQ(refused.code(), ErrorCode::conflict);
  EXPECT_NE(refused.message().find("stale lease"), std::string::npos) << refused.message();
  EXPECT_EQ(one->renew(old_lease).code(), ErrorCode::conflict);
  EXPECT_EQ(one->finish(old_lease, OutboxState::filed).code(), ErrorCode::conflict);
  EXPECT_EQ(one->fail_transient(old_lease, "5xx", "x").code(), ErrorCode::conflict);
  EXPECT_EQ(one->fail_permanent(old_lease, "4100", "x").code(), ErrorCode::conflict);

  // The new holder is unaffected.
  EXPECT_TRUE(two->advance(new_lease, OutboxState::files_uploaded, "cp-2", "R-1").ok());
  EXPECT_TRUE(two->finish(new_lease, OutboxState::filed).ok());
}

TEST_F(LeaseTest, AnExpiredLeaseNobodyTookStaysUsable) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  ASSERT_TRUE(outbox->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  clock_.advance(options().lease_ms + 1);
  EXPECT_TRUE(outbox->advance(lease, OutboxState::submitted, "", "R").ok());
}

TEST_F(LeaseTest, RenewExtendsTheLease) {
  auto one = open();
  auto two = open();
  ASSERT_TRUE(one && two);
  ASSERT_TRUE(one->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*one, "w");
  clock_.advance(options().lease_ms - kSecond);
  ASSERT_TRUE(one->renew(lease).ok());
  EXPECT_EQ(lease.expires_at_ms, clock_.get() + options().lease_ms);
  clock_.advance(2 * kSecond);  // past the original expiry
  EXPECT_TRUE(nothing_due(*two));
}

TEST_F(LeaseTest, TransitionsAreForwardOnly) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  ASSERT_TRUE(outbox->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "", "R-1").ok());
  // Same state with a new checkpoint: allowed.
  ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "file-1", "R-1").ok());
  ASSERT_TRUE(outbox->advance(lease, OutboxState::details_sent, "", "R-1").ok());
  EXPECT_EQ(outbox->advance(lease, OutboxState::files_uploaded, "", "R-1").code(),
            ErrorCode::invalid_argument);
  EXPECT_EQ(outbox->advance(lease, OutboxState::pending, "", "").code(),
            ErrorCode::invalid_argument);
  // Terminal states are reached through finish/fail only.
  EXPECT_EQ(outbox->advance(lease, OutboxState::filed, "", "R-1").code(),
            ErrorCode::invalid_argument);
  EXPECT_EQ(outbox->finish(lease, OutboxState::failed).code(), ErrorCode::invalid_argument);
  EXPECT_EQ(lease.state, OutboxState::details_sent);
  ASSERT_TRUE(outbox->advance(lease, OutboxState::finishing, "", "R-1").ok());
  ASSERT_TRUE(outbox->finish(lease, OutboxState::filed).ok());
  // Once finished, the lease is released and nothing more is accepted.
  EXPECT_EQ(outbox->advance(lease, OutboxState::finishing, "", "R-1").code(), ErrorCode::conflict);
  EXPECT_TRUE(nothing_due(*outbox));
}

TEST_F(LeaseTest, RestartGoesBackToPendingOnlyWithACurrentLease) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  ASSERT_TRUE(outbox->enqueue("case-1", "ncmec", "{}").ok());
  Lease lease = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->advance(lease, OutboxState::details_sent, "cp", "R-1").ok());
  ASSERT_TRUE(outbox->restart(lease).ok());
  EXPECT_EQ(lease.state, OutboxState::pending);
  EXPECT_EQ(lease.remote_id, "");
  ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "", "R-2").ok());
  clock_.advance(options().lease_ms);
  Lease next = must_acquire(*outbox, "w2");
  EXPECT_EQ(next.state, OutboxState::submitted);
  EXPECT_EQ(next.remote_id, "R-2");
  EXPECT_EQ(outbox->restart(lease).code(), ErrorCode::conflict);  // stale
}

TEST_F(LeaseTest, ACrashedWorkersRowResumesFromItsCheckpointAfterReopen) {
  std::int64_t row_id = 0;
  {
    auto outbox = open();
    ASSERT_TRUE(outbox);
    auto enqueued = outbox->enqueue("case-1", "ncmec", R"({"k":1})");
    ASSERT_TRUE(enqueued.ok());
    row_id = enqueued->row_id;
    Lease lease = must_acquire(*outbox, "crashing-worker");
    ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "", "R-77").ok());
    ASSERT_TRUE(outbox->advance(lease, OutboxState::files_uploaded, "files=F1,F2", "R-77").ok());
    // "Crash": the object is dropped without finishing or failing the row.
  }
  auto outbox = open();
  ASSERT_TRUE(outbox);
  EXPECT_TRUE(nothing_due(*outbox)) << "the crashed worker's lease has not expired yet";
  clock_.advance(options().lease_ms);
  Lease lease = must_acquire(*outbox, "next-worker");
  EXPECT_EQ(lease.row_id, row_id);
  EXPECT_EQ(lease.state, OutboxState::files_uploaded);
  EXPECT_EQ(lease.checkpoint, "files=F1,F2");
  EXPECT_EQ(lease.remote_id, "R-77");
  EXPECT_EQ(lease.report_json, R"({"k":1})");
  ASSERT_TRUE(outbox->advance(lease, OutboxState::finishing, "", "R-77").ok());
  ASSERT_TRUE(outbox->finish(lease, OutboxState::filed).ok());
}

TEST_F(LeaseTest, RetractRequestIsCarriedByTheNextLease) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto row = outbox->enqueue("case-1", "ncmec", "{}");
  ASSERT_TRUE(row.ok());
  Lease lease = must_acquire(*outbox, "w");
  EXPECT_FALSE(lease.retract_requested);
  ASSERT_TRUE(outbox->advance(lease, OutboxState::submitted, "", "R-1").ok());
  ASSERT_TRUE(outbox->fail_transient(lease, "5xx", "portal down").ok());
  ASSERT_TRUE(outbox->request_retract(row->row_id).ok());
  // Due now, although the retry delay has not passed.
  Lease next = must_acquire(*outbox, "w");
  EXPECT_TRUE(next.retract_requested);
  ASSERT_TRUE(outbox->finish(next, OutboxState::retracted).ok());
  EXPECT_EQ(outbox->request_retract(row->row_id).code(), ErrorCode::invalid_argument);
  EXPECT_EQ(outbox->request_retract(row->row_id + 100).code(), ErrorCode::not_found);
}

TEST_F(LeaseTest, OldestDueRowComesFirst) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto a = outbox->enqueue("a", "ncmec", "{}");
  clock_.advance(kSecond);
  auto b = outbox->enqueue("b", "ncmec", "{}");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(must_acquire(*outbox, "w").row_id, a->row_id);
  EXPECT_EQ(must_acquire(*outbox, "w").row_id, b->row_id);
  EXPECT_TRUE(nothing_due(*outbox));
}

}  // namespace
}  // namespace vigil::outbox_test
