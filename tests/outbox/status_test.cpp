#include <string>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using StatusTest = OutboxTest;

TEST_F(StatusTest, EmptyOutbox) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto status = outbox->status();
  ASSERT_TRUE(status.ok()) << status.status().to_string();
  for (std::int64_t n : status->counts) EXPECT_EQ(n, 0);
  EXPECT_FALSE(status->oldest_pending_age_ms.has_value());
  EXPECT_TRUE(status->failed.empty());
}

TEST_F(StatusTest, CountsPerStateOldestPendingAgeAndFailures) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    ASSERT_TRUE(outbox->enqueue(id, "ncmec", "{}").ok());
    clock_.advance(kMinute);
  }
  Lease a = must_acquire(*outbox, "w");  // oldest first: "a"
  ASSERT_EQ(a.case_id, "a");
  ASSERT_TRUE(outbox->advance(a, OutboxState::finishing, "", "R").ok());
  ASSERT_TRUE(outbox->finish(a, OutboxState::filed).ok());
  Lease b = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->fail_permanent(b, "401", "unauthorised").ok());
  Lease c = must_acquire(*outbox, "w");
  ASSERT_TRUE(outbox->advance(c, OutboxState::submitted, "", "R-c").ok());

  auto status = outbox->status();
  ASSERT_TRUE(status.ok()) << status.status().to_string();
  EXPECT_EQ(status->count(OutboxState::filed), 1);
  EXPECT_EQ(status->count(OutboxState::failed), 1);
  EXPECT_EQ(status->count(OutboxState::submitted), 1);
  EXPECT_EQ(status->count(OutboxState::pending), 2);
  EXPECT_EQ(status->count(OutboxState::retracted), 0);
  // "c" was enqueued 5 - 2 = 3 minutes before now... it is the oldest non-terminal row.
  ASSERT_TRUE(status->oldest_pending_age_ms.has_value());
  EXPECT_EQ(*status->oldest_pending_age_ms, 3 * kMinute);
  ASSERT_EQ(status->failed.size(), 1u);
  EXPECT_EQ(status->failed[0].case_id, "b");
  EXPECT_EQ(status->failed[0].error_code, "401");
  EXPECT_EQ(status->failed[0].error_message, "unauthorised");

  auto pending = outbox->list({OutboxState::pending, std::string("ncmec"), 10});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 2u);
  auto other = outbox->list({std::nullopt, std::string("webhook"), 10});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  auto leased = outbox->list({OutboxState::submitted, std::nullopt, 10});
  ASSERT_TRUE(leased.ok());
  ASSERT_EQ(leased->size(), 1u);
  EXPECT_EQ((*leased)[0].lease_owner, "w");
  EXPECT_EQ((*leased)[0].remote_id, "R-c");
}

TEST(OutboxStateTest, NamesRoundTrip) {
  for (std::size_t i = 0; i < kOutboxStateCount; ++i) {
    const auto state = static_cast<OutboxState>(i);
    EXPECT_EQ(outbox_state_from_string(to_string(state)), state);
  }
  EXPECT_EQ(to_string(OutboxState::files_uploaded), "files_uploaded");
  EXPECT_FALSE(outbox_state_from_string("done").has_value());
  EXPECT_TRUE(is_terminal(OutboxState::failed));
  EXPECT_FALSE(is_terminal(OutboxState::finishing));
}

}  // namespace
}  // namespace vigil::outbox_test
