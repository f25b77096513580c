#include <sqlite3.h>

#include <fstream>
#include <string>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using CorruptTest = OutboxTest;

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

TEST_F(CorruptTest, GarbageFileIsAClearError) {
  std::string garbage(8192, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(i * 7 + 3);
  write_file(path_, garbage);
  auto outbox = Outbox::open(path_, options());
  ASSERT_FALSE(outbox.ok());
  EXPECT_EQ(outbox.status().code(), ErrorCode::io_error);
  EXPECT_NE(outbox.status().message().find(path_), std::string::npos) << outbox.status().message();
  EXPECT_NE(outbox.status().message().find("not a database"), std::string::npos)
      << outbox.status().message();
}

TEST_F(CorruptTest, DamagedPagesAreAnErrorNotACrash) {
  {
    auto outbox = open();
    ASSERT_TRUE(outbox);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(
          outbox->enqueue("case-" + std::to_string(i), "ncmec", std::string(500, 'r')).ok());
    }
  }
  // Overwrite everything after the header page with junk.
  std::fstream file(path_, std::ios::binary | std::ios::in | std::ios::out);
  file.seekp(4096);
  for (int i = 0; i < 64 * 1024; ++i) file.put(static_cast<char>(0xA5 ^ i));
  file.close();
  auto outbox = Outbox::open(path_, options());
  if (!outbox.ok()) {
    EXPECT_EQ(outbox.status().code(), ErrorCode::io_error);
    return;
  }
  // Opening may succeed; using it must fail cleanly.
  auto status = (*outbox)->status();
  auto lease = (*outbox)->acquire("w");
  EXPECT_TRUE(!status.ok() || !lease.ok());
  if (!status.ok()) {
    EXPECT_EQ(status.status().code(), ErrorCode::io_error);
  }
}

TEST_F(CorruptTest, ForeignSqliteDatabaseIsRefused) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto outbox = Outbox::open(path_, options());
  ASSERT_FALSE(outbox.ok());
  EXPECT_EQ(outbox.status().code(), ErrorCode::io_error);
}

TEST_F(CorruptTest, NewerSchemaIsRefused) {
  { ASSERT_TRUE(open()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto outbox = Outbox::open(path_, options());
  ASSERT_FALSE(outbox.ok());
  EXPECT_EQ(outbox.status().code(), ErrorCode::io_error);
  EXPECT_NE(outbox.status().message().find("newer"), std::string::npos);
}

TEST_F(CorruptTest, UnwritableLocationIsAnError) {
  write_file((dir_ / "file").string(), "x");
  auto outbox = Outbox::open((dir_ / "file" / "outbox.db").string(), options());
  ASSERT_FALSE(outbox.ok());
  EXPECT_EQ(outbox.status().code(), ErrorCode::io_error);
}

}  // namespace
}  // namespace vigil::outbox_test
