#include <cstdlib>
#include <optional>
#include <string>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using EnqueueTest = OutboxTest;

TEST_F(EnqueueTest, SecondEnqueueReturnsTheSameRow) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto first = outbox->enqueue("case-1", "ncmec", R"({"incident":"a"})");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_TRUE(first->created);
  auto second = outbox->enqueue("case-1", "ncmec", R"({"incident":"changed"})");
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->row_id, first->row_id);

  // The original report is kept.
  Lease lease = must_acquire(*outbox, "w");
  EXPECT_EQ(lease.report_json, R"({"incident":"a"})");
  EXPECT_EQ(lease.state, OutboxState::pending);
  EXPECT_EQ(lease.case_id, "case-1");
  EXPECT_EQ(lease.destination, "ncmec");
}

TEST_F(EnqueueTest, OneRowPerCaseAndDestination) {
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto a = outbox->enqueue("case-1", "ncmec", "{}");
  auto b = outbox->enqueue("case-1", "webhook", "{}");
  auto c = outbox->enqueue("case-2", "ncmec", "{}");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(a->created && b->created && c->created);
  EXPECT_NE(a->row_id, b->row_id);
  EXPECT_NE(a->row_id, c->row_id);
  auto rows = outbox->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 3u);
}

TEST_F(EnqueueTest, IdempotentAcrossTwoInstancesOnOneFile) {
  auto one = open();
  auto two = open();
  ASSERT_TRUE(one && two);
  auto first = one->enqueue("case-9", "ncmec", "{}");
  auto second = two->enqueue("case-9", "ncmec", "{}");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(first->row_id, second->row_id);
  auto rows = two->list();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

TEST_F(EnqueueTest, RefusesMissingIdentifiersAndOversizedReports) {
  OutboxOptions o = options();
  o.max_report_bytes = 16;
  auto outbox = open(o);
  ASSERT_TRUE(outbox);
  EXPECT_EQ(outbox->enqueue("", "ncmec", "{}").status().code(), ErrorCode::invalid_argument);
  EXPECT_EQ(outbox->enqueue("c", "", "{}").status().code(), ErrorCode::invalid_argument);
  EXPECT_EQ(outbox->enqueue("c", "ncmec", std::string(17, 'x')).status().code(),
            ErrorCode::too_large);
  EXPECT_TRUE(outbox->enqueue("c", "ncmec", std::string(16, 'x')).ok());
}

// Restores an environment variable when the test ends.
class ScopedEnv {
 public:
  explicit ScopedEnv(const char* name) : name_(name) {
    if (const char* value = std::getenv(name)) saved_ = value;
  }
  ~ScopedEnv() {
    if (saved_) {
      ::setenv(name_, saved_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

TEST_F(EnqueueTest, DefaultPathFollowsTheEnvironment) {
  ScopedEnv outbox_env("VIGIL_OUTBOX");
  ScopedEnv state_env("XDG_STATE_HOME");
  ::setenv("VIGIL_OUTBOX", "/x/explicit.db", 1);
  auto path = Outbox::default_path();
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "/x/explicit.db");
  ::unsetenv("VIGIL_OUTBOX");
  ::setenv("XDG_STATE_HOME", "/x/state", 1);
  path = Outbox::default_path();
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "/x/state/vigil/outbox.db");
  ::unsetenv("XDG_STATE_HOME");
  if (const char* home = std::getenv("HOME")) {
    path = Outbox::default_path();
    ASSERT_TRUE(path.ok());
    EXPECT_EQ(*path, std::string(home) + "/.local/state/vigil/outbox.db");
  }
}

TEST_F(EnqueueTest, OpenCreatesParentDirectories) {
  auto outbox = Outbox::open((dir_ / "a" / "b" / "outbox.db").string(), options());
  ASSERT_TRUE(outbox.ok()) << outbox.status().to_string();
}

}  // namespace
}  // namespace vigil::outbox_test
