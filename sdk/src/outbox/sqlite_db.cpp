#include "sqlite_db.hpp"

#include <limits>
#include <string>

namespace vigil::outbox {

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Database::open(const std::string& path, int busy_timeout_ms) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    return error("cannot open");
  }
  sqlite3_extended_result_codes(db_, 1);
  if (sqlite3_busy_timeout(db_, busy_timeout_ms) != SQLITE_OK) return error("busy_timeout");
  return {};
}

Status Database::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return error(sql);
  return {};
}

Status Database::error(std::string_view what) const {
  std::string message(what);
  message += ": ";
  if (db_ == nullptr) {
    message += "out of memory";
  } else {
    message += sqlite3_errmsg(db_);
    message += " (sqlite code " + std::to_string(sqlite3_extended_errcode(db_)) + ")";
  }
  return {ErrorCode::io_error, std::move(message)};
}

Statement::Statement(Database& db, const char* sql) : db_(db) {
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK) {
    prepare_status_ = db.error("prepare");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  if (stmt_ != nullptr && sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK &&
      bind_status_.ok()) {
    bind_status_ = db_.error("bind");
  }
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (stmt_ != nullptr && bind_status_.ok()) {
    if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      bind_status_ = Status(ErrorCode::invalid_argument, "bind: value too large");
    } else if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT) != SQLITE_OK) {
      bind_status_ = db_.error("bind");
    }
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (stmt_ != nullptr && sqlite3_bind_null(stmt_, index) != SQLITE_OK && bind_status_.ok()) {
    bind_status_ = db_.error("bind");
  }
  return *this;
}

Result<bool> Statement::step() {
  if (!prepare_status_.ok()) return prepare_status_;
  if (!bind_status_.ok()) return bind_status_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_.error("step");
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.status();
    if (!*row) return {};
  }
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(stmt_, column);
  if (bytes == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::int64_t> query_int64(Database& db, const char* sql) {
  Statement stmt(db, sql);
  auto row = stmt.step();
  if (!row) return row.status();
  if (!*row) return Status(ErrorCode::io_error, std::string(sql) + ": no row");
  return stmt.int64(0);
}

ImmediateTransaction::ImmediateTransaction(Database& db) : db_(db) {
  begin_status_ = db_.exec("BEGIN IMMEDIATE");
  open_ = begin_status_.ok();
}

ImmediateTransaction::~ImmediateTransaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status ImmediateTransaction::commit() {
  Status status = db_.exec("COMMIT");
  if (status.ok()) open_ = false;
  return status;
}

}  // namespace vigil::outbox
