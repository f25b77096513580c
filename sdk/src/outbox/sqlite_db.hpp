// Internal: thin RAII wrappers over the SQLite C API used by the outbox.
// Every failure becomes Status(io_error, "<what>: <sqlite message>").
// Thread-safety: none; the owner (Outbox) serializes access.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "vigil/status.hpp"

namespace vigil::outbox {

// Owns one connection.
class Database {
 public:
  Database() = default;
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status open(const std::string& path, int busy_timeout_ms);
  sqlite3* handle() const { return db_; }

  // Runs SQL without results (may hold several statements).
  Status exec(const char* sql);

  // An io_error carrying the connection's last error message.
  Status error(std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
};

// Owns one prepared statement. Bind indexes are 1-based, column indexes 0-based.
class Statement {
 public:
  Statement(Database& db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const Status& prepared() const { return prepare_status_; }

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_null(int index);

  // true: a row is available; false: done.
  Result<bool> step();
  // Steps to completion, expecting no rows.
  Status run();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
  Status prepare_status_;
  Status bind_status_;
};

// The first column of the first row of `sql` (which takes no parameters).
Result<std::int64_t> query_int64(Database& db, const char* sql);

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed.
class ImmediateTransaction {
 public:
  explicit ImmediateTransaction(Database& db);
  ~ImmediateTransaction();
  ImmediateTransaction(const ImmediateTransaction&) = delete;
  ImmediateTransaction& operator=(const ImmediateTransaction&) = delete;

  const Status& begun() const { return begin_status_; }
  Status commit();

 private:
  Database& db_;
  Status begin_status_;
  bool open_ = false;
};

}  // namespace vigil::outbox
