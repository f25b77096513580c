#include "outbox_schema.hpp"

#include <string>

namespace vigil::outbox {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  case_id             TEXT    NOT NULL,
  destination         TEXT    NOT NULL,
  state               TEXT    NOT NULL,
  report_json         TEXT    NOT NULL,
  checkpoint          TEXT    NOT NULL DEFAULT '',
  remote_id           TEXT    NOT NULL DEFAULT '',
  attempts            INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  schedule_started_at INTEGER NOT NULL,
  next_attempt_at     INTEGER NOT NULL,
  lease_owner         TEXT,
  lease_expires_at    INTEGER NOT NULL DEFAULT 0,
  lease_token         INTEGER NOT NULL DEFAULT 0,
  retract_requested   INTEGER NOT NULL DEFAULT 0,
  error_code          TEXT    NOT NULL DEFAULT '',
  error_message       TEXT    NOT NULL DEFAULT '',
  UNIQUE (case_id, destination)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
)sql";

}  // namespace

Status prepare_schema(Database& db) {
  {
    // The first read of the file: a foreign or corrupt file fails here.
    Statement wal(db, "PRAGMA journal_mode=WAL");
    auto row = wal.step();
    if (!row) return row.status();
    if (!*row || wal.text(0) != "wal") {
      return {ErrorCode::io_error, "cannot enable WAL journal mode"};
    }
  }
  if (Status s = db.exec("PRAGMA synchronous=FULL"); !s.ok()) return s;

  ImmediateTransaction txn(db);
  if (!txn.begun().ok()) return txn.begun();
  auto version = query_int64(db, "PRAGMA user_version");
  if (!version) return version.status();
  if (*version > kSchemaVersion) {
    return {ErrorCode::io_error, "outbox schema version " + std::to_string(*version) +
                                     " is newer than this Vigil supports (" +
                                     std::to_string(kSchemaVersion) + ")"};
  }
  if (*version == 0) {
    auto tables = query_int64(db, "SELECT count(*) FROM sqlite_master");
    if (!tables) return tables.status();
    if (*tables != 0) {
      return {ErrorCode::io_error, "the file holds another database, not a Vigil outbox"};
    }
  }
  if (*version < 1) {
    if (Status s = db.exec(kSchemaV1); !s.ok()) return s;
  }
  // Later versions: `if (*version < 2) { ALTER TABLE ... }`.
  if (*version != kSchemaVersion) {
    const std::string set = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
    if (Status s = db.exec(set.c_str()); !s.ok()) return s;
  }
  return txn.commit();
}

}  // namespace vigil::outbox
