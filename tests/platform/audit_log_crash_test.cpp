// A power loss between any two file operations of an audit append leaves a log whose chain
// verifies, with the record either wholly there or absent, and there whenever the append
// reported success.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "crash_test_support.hpp"
#include "vigil/audit_log.hpp"

namespace vigil::testing {
namespace {

std::string last_line(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.ends_with('\n')) text.pop_back();
  return text.substr(text.rfind('\n') + 1);
}

TEST(AuditLogCrash, AnAppendInterruptedAnywhereIsWhollyThereOrAbsent) {
  std::size_t crash_point = 0;
  for (bool finished = false; !finished; ++crash_point) {
    SCOPED_TRACE("crash after " + std::to_string(crash_point) + " file operations");
    ScratchDirectory scratch("audit-crash");
    const std::string path = (scratch.path() / "audit.jsonl").string();
    {
      auto log = AuditLog::open(path);
      ASSERT_TRUE(log.ok()) << log.status().to_string();
      ASSERT_TRUE((*log)->append("before", R"({"n":1})").ok());
      ASSERT_TRUE((*log)->append("before", R"({"n":2})").ok());
    }

    FaultInjectionFileSystem faulty;
    Result<std::int64_t> appended = Status(ErrorCode::internal, "not run");
    {
      InstalledFileSystem installed(faulty);
      auto log = AuditLog::open(path);
      ASSERT_TRUE(log.ok()) << log.status().to_string();
      faulty.crash_after(crash_point);
      appended = (*log)->append("crash_test", R"({"case":"c-1"})");
    }
    finished = !faulty.crashed();  // every operation ran: the power failed right after
    faulty.drop_unsynced_data();

    auto reopened = AuditLog::open(path);  // repairs what an interrupted append left
    ASSERT_TRUE(reopened.ok()) << reopened.status().to_string() << describe(faulty);
    reopened->reset();
    auto verified = verify_audit_log(path);
    ASSERT_TRUE(verified.ok()) << verified.status().to_string();
    EXPECT_TRUE(verified->intact) << verified->problem << describe(faulty);
    if (appended.ok()) {
      EXPECT_EQ(verified->records, 3) << "the append reported success" << describe(faulty);
    } else {
      EXPECT_TRUE(verified->records == 2 || verified->records == 3)
          << verified->records << " records" << describe(faulty);
    }
    const bool there = verified->records == 3;
    EXPECT_EQ(last_line(path).find(R"("event":"crash_test")") != std::string::npos, there)
        << last_line(path);

    // The chain goes on from whatever survived.
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log.ok()) << log.status().to_string();
    auto next = (*log)->append("after", "{}");
    ASSERT_TRUE(next.ok()) << next.status().to_string() << describe(faulty);
    EXPECT_EQ(*next, verified->records + 1);
    auto again = verify_audit_log(path);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->intact) << again->problem;

    if (finished) {
      EXPECT_TRUE(appended.ok()) << appended.status().to_string();
      // The record written and synced, then the head replaced (temporary written, synced,
      // closed, renamed, directory synced): the loop crashed between every pair of them.
      EXPECT_GE(crash_point, 8u) << describe(faulty);
    }
    if (HasFatalFailure() || (HasFailure() && crash_point > 64)) return;
  }
}

}  // namespace
}  // namespace vigil::testing
