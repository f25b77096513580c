// AuditLog: the append-only, hash-chained record of what the provider did with a match.
//
// Detections, reviews, every hotline API call, filings, evidence access and destruction are
// appended as one JSON line each (see docs/audit.md for the events we record):
//
//   {"seq":N,"time":"2026-11-29T14:00:00.123Z","event":"api_call","fields":{...},
//    "prev":"<64 hex>","hash":"<64 hex>"}
//
// seq counts from 1 with no gaps and equals the line number; prev is the previous record's
// hash (64 zeros for seq 1); hash is the lowercase hex SHA-256 of the record's canonical
// text, which is exactly the line up to the hash:
//
//   {"seq":<decimal>,"time":<json string>,"event":<json string>,"fields":<json>,
//    "prev":"<64 hex>"}
//
// written with no whitespace, the keys in this order, and `fields` in nlohmann::json's
// compact form: object keys sorted by their UTF-8 bytes (at every depth), strings as UTF-8
// with only '"', '\\' and control characters escaped, numbers in their shortest round-trip
// form. A line is therefore the canonical text with `,"hash":"<64 hex>"` inserted before its
// final '}', and verify_audit_log() requires every line to be byte-for-byte that.
//
// The head sidecar `<path>.head` holds {"seq":N,"hash":"<64 hex>"} of the last record and is
// replaced atomically (temporary file, fsync, rename) after every append, so removing the
// last records of the log is detected too. A chain detects edits, removals, insertions and
// reordering; it cannot detect someone who rewrites the whole log and its head with freshly
// computed hashes (there is no secret). Anchor the head elsewhere (the outbox, a remote log)
// when that matters.
//
// Contents: fields carry identifiers only (case id, row id, endpoint, Request-ID, response
// code, duration_ms, list name and version, distance). Callers must NEVER put personal data,
// report contents or media bytes in fields. libvigil never logs fields or events elsewhere.
//
// Locking: every append takes an exclusive flock(2) on the log file, re-reads the last
// record and the head under it, writes the record (fdatasync), then replaces the head. So
// several AuditLog objects (threads or processes on one host) may append to one file and
// still produce a single chain. Network filesystems without flock are not supported. Do not
// rename or rotate a file while an AuditLog has it open: open a new path instead (see
// docs/audit.md, "Rotation").
//
// Errors: the operating system refusing a read, write, lock or fsync, and a log whose end is
// broken (an unparseable or edited last record, a head that does not match the log's end)
// are ErrorCode::io_error naming the path and line; AuditLog never chains onto a broken
// end. Bad arguments are invalid_argument; oversized fields are too_large.
//
// Thread-safety: an AuditLog may be used from several threads (appends are serialized).
// verify_audit_log() is a pure reader and may run while writers append.
// Ownership: open() returns the only owner; destroying it closes the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/clock.hpp"
#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

// The longest fields_json append() accepts. Audit fields are identifiers, not content.
inline constexpr std::size_t kAuditMaxFieldsBytes = 16 * 1024;

// Unix time in milliseconds. Tests inject a fake. The same type as OutboxClock: see
// vigil/clock.hpp.
using AuditClock = UnixClock;

struct AuditOptions {
  // fdatasync the log after each record and fsync the head and its directory. Turning it off
  // is for tests: a crash may then lose records the head already counts, which verify reports
  // as removed records.
  bool fsync = true;
  AuditClock clock;  // empty: the system clock
};

struct AuditEvent {
  std::string event;
  std::string fields_json;
};

class VIGIL_API AuditLog {
 public:
  // Opens `path` for appending, creating it (mode 0600) and its parent directories if
  // needed, and checks its end under the lock: the last line must be complete and a record
  // whose own hash is right, and it must match the head sidecar. It does not verify the
  // whole file (verify_audit_log() does). Two traces of a writer that crashed are repaired,
  // with a warning: a torn last line (no newline; that append never succeeded) is cut off,
  // and records past the head that chain one by one onto it roll the head forward. Anything
  // else is an io_error naming the line, and the file is left untouched for the operator.
  static Result<std::unique_ptr<AuditLog>> open(const std::filesystem::path& path,
                                                AuditOptions options = {});

  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends one record and returns its seq. `event` is a name of 1 to 64 characters from
  // [a-z0-9_.-] (e.g. "api_call"); `fields_json` must be the text of a JSON object of at
  // most kAuditMaxFieldsBytes bytes; it is stored in canonical form (keys sorted).
  // Refused arguments (invalid_argument, too_large) write nothing. The end of the log is
  // checked as in open() before every append, because another writer may have appended.
  // An io_error whose message says "was written" means the record is in the log but the
  // head was not updated; the next append or open() repairs the head.
  Result<std::int64_t> append(std::string_view event, std::string_view fields_json);

  // Appends several records, chained in order, under one lock with one write and one
  // sync (for writers that produce records in bursts, like ReportQueue's group commit).
  // All or nothing: one refused event refuses the batch. Returns the last record's seq.
  Result<std::int64_t> append_batch(const std::vector<AuditEvent>& events);

  // The path given to open().
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What verify_audit_log() found. When intact, first_bad_line is 0 and problem is empty.
struct AuditVerification {
  bool intact = false;
  // The records before first_bad_line; all of them when intact or when the head sidecar
  // itself is the problem.
  std::int64_t records = 0;
  // The 1-based line of the first problem: a bad record, or for a log that ends before the
  // head, the first missing line. 0 when intact or when the head sidecar itself is missing
  // or malformed.
  std::int64_t first_bad_line = 0;
  std::string problem;  // one sentence for operators; never quotes record contents
};

// Reads the log and its head sidecar and checks every line: valid JSON with exactly the
// record keys, in canonical form, hash matching the canonical text, seq equal to the line
// number, prev equal to the previous hash, and finally that the last record matches the
// head. Stops at the first problem. Tampering is a result (intact = false), not an error;
// only an unreadable log is an error (not_found, io_error). An empty log with no head is
// intact with 0 records. Takes a shared lock only while it snapshots the log's length and
// the head, so appenders are not held up; records appended after that are not read.
VIGIL_API Result<AuditVerification> verify_audit_log(const std::filesystem::path& path);

}  // namespace vigil
