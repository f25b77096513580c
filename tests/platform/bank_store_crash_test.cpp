// A power loss between any two file operations of a bank import leaves the bank serving
// exactly its old version or exactly its new one, and the new one whenever the import
// reported success.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "crash_test_support.hpp"
#include "vigil/bank.hpp"
#include "vigil/bank_store.hpp"

namespace vigil::testing {
namespace {

using Contents = std::vector<std::pair<std::string, std::string>>;  // (entry id, value)

std::vector<BankEntry> md5_entries(const std::string& prefix, char digit, int count) {
  std::vector<BankEntry> entries;
  for (int i = 0; i < count; ++i) {
    std::string value(32, digit);
    value[0] = static_cast<char>('0' + i);
    entries.push_back({"md5", value, prefix + std::to_string(i), "test", "", {}, 0});
  }
  return entries;
}

Contents contents_of(const std::vector<BankEntry>& entries) {
  Contents contents;
  for (const BankEntry& entry : entries) contents.emplace_back(entry.entry_id, entry.value);
  std::sort(contents.begin(), contents.end());
  return contents;
}

TEST(BankStoreCrash, AnImportInterruptedAnywhereLeavesTheOldOrTheNewVersion) {
  const std::vector<BankEntry> old_entries = md5_entries("old-", 'a', 3);
  const std::vector<BankEntry> new_entries = md5_entries("new-", 'b', 4);
  std::size_t crash_point = 0;
  for (bool finished = false; !finished; ++crash_point) {
    SCOPED_TRACE("crash after " + std::to_string(crash_point) + " file operations");
    ScratchDirectory scratch("bank-crash");
    BankStore store(scratch.path());
    ASSERT_TRUE(store.apply("b", {old_entries, {}}, ImportMode::replace, "old").ok());

    FaultInjectionFileSystem faulty;
    Result<BankInfo> imported = Status(ErrorCode::internal, "not run");
    {
      InstalledFileSystem installed(faulty);
      faulty.crash_after(crash_point);
      imported = store.apply("b", {new_entries, {}}, ImportMode::replace, "new");
    }
    finished = !faulty.crashed();  // every operation ran: the power failed right after
    faulty.drop_unsynced_data();

    auto bank = BankStore(scratch.path()).open("b");
    ASSERT_TRUE(bank.ok()) << bank.status().to_string() << describe(faulty);
    const Contents served = contents_of((*bank)->entries());
    const std::uint64_t version = (*bank)->info().version;
    if (imported.ok()) {
      EXPECT_EQ(version, 2u) << "the import reported success" << describe(faulty);
      EXPECT_EQ(served, contents_of(new_entries)) << describe(faulty);
    } else if (version == 1) {
      EXPECT_EQ(served, contents_of(old_entries)) << describe(faulty);
    } else {
      EXPECT_EQ(version, 2u) << describe(faulty);
      EXPECT_EQ(served, contents_of(new_entries)) << describe(faulty);
    }
    if (finished) {
      EXPECT_TRUE(imported.ok()) << imported.status().to_string();
      // A snapshot and CURRENT, each a temporary written, synced, closed, renamed and its
      // directory synced: the loop crashed between every pair of them.
      EXPECT_GE(crash_point, 12u) << describe(faulty);
    }
    if (HasFatalFailure() || (HasFailure() && crash_point > 64)) return;
  }
}

}  // namespace
}  // namespace vigil::testing
