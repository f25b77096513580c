// Outbox: the durable queue of reports waiting to be filed with a hotline.
//
// A report is committed to the outbox before any network call. There is one row per
// (case_id, destination); each row moves through a forward-only state machine that is
// persisted after every step, so a worker that crashes mid-way never loses a report and the
// next worker resumes from the last saved checkpoint:
//
//   pending -> submitted -> files_uploaded -> details_sent -> finishing
//           -> filed | retracted | failed(code)
//   pending -> handed_off -> filed   (a person files it by hand, then mark_done())
// (restart() is the one way back, to pending, when the hotline lost the report.)
//
// Storage: one SQLite database in WAL mode (synchronous=FULL). Every state change runs in a
// `BEGIN IMMEDIATE` transaction, so several Outbox objects (threads or processes on one
// host) may share one file. Network filesystems are not supported (SQLite WAL needs shared
// memory on one host).
//
// Leases and fencing: a worker drives a row only while it holds a lease, obtained with
// acquire(). Each acquire increments the row's fencing token; advance/renew/finish/fail_*
// are refused with ErrorCode::conflict ("stale lease") once the token is no longer the
// row's current one (another worker acquired the row after this lease expired) or the lease
// was already released: the worker lost the row and must drop it (not retry the call).
// A lease that expired but that nobody else acquired stays usable.
//
// Contents: the outbox stores identifiers, hashes and report fields. The caller must NEVER
// put media bytes in report_json: files are read from a caller-supplied location at send
// time. Reports larger than OutboxOptions::max_report_bytes are refused (too_large).
// Log lines carry identifiers only (row id, case id, destination, state, codes).
//
// Errors: SQLite failures (including a lock still busy after busy_timeout and a corrupt or
// foreign database file) are ErrorCode::io_error; unknown row ids are not_found; stale
// (lost) leases are conflict; bad arguments and refused transitions are invalid_argument.
//
// Thread-safety: an Outbox object may be used from several threads (calls are serialized
// on an internal mutex); for parallelism give each worker its own Outbox on the same file.
// Ownership: open() returns the only owner; destroying it closes the database. Leases are
// plain values that stay valid (as far as the database is concerned) until they expire.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/clock.hpp"
#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

// Row states, in forward order. The string forms (to_string) are stored in the database
// and shown by the CLI; they are never renamed.
enum class OutboxState {
  pending,
  submitted,
  files_uploaded,
  details_sent,
  finishing,
  handed_off,  // waiting for a person to file it (portal handoff); never leased; mark_done()
  filed,       // terminal: the hotline has the report
  retracted,   // terminal: the report was withdrawn before it was filed
  failed,      // terminal: error_code says why; only retry() revives the row
};
inline constexpr std::size_t kOutboxStateCount = 9;

VIGIL_API std::string_view to_string(OutboxState state) noexcept;
VIGIL_API std::optional<OutboxState> outbox_state_from_string(std::string_view name) noexcept;
inline constexpr bool is_terminal(OutboxState s) noexcept {
  return s == OutboxState::filed || s == OutboxState::retracted || s == OutboxState::failed;
}

// The error code stored when a row gives up after RetrySchedule::give_up_after_ms.
inline constexpr std::string_view kOutboxExpiredCode = "expired";

// Per-report retry schedule: attempt n (1-based count of transient failures) waits
// min(first_delay_ms * factor^(n-1), max_delay_ms), then jitter multiplies it by a uniform
// factor in [1 - jitter, 1 + jitter), and the result is clamped to [0, max_delay_ms].
struct RetrySchedule {
  std::int64_t first_delay_ms = 30'000;  // 30 s
  double factor = 2.0;
  std::int64_t max_delay_ms = 6LL * 3600 * 1000;           // 6 h
  std::int64_t give_up_after_ms = 5LL * 24 * 3600 * 1000;  // 5 days -> failed(expired)
  double jitter = 0.2;                                     // +-20 %
};

// The delay before the next attempt after `failures` transient failures (failures >= 1).
// `unit_random` is a uniform draw in [0, 1). Pure function; thread-safe.
VIGIL_API std::int64_t retry_delay_ms(const RetrySchedule& schedule, int failures,
                                      double unit_random) noexcept;

// Unix time in milliseconds. Tests inject a fake. The same type as AuditClock: see
// vigil/clock.hpp.
using OutboxClock = UnixClock;
// A uniform draw in [0, 1). Tests inject a fixed sequence.
using OutboxRandom = std::function<double()>;

struct OutboxOptions {
  RetrySchedule retry;
  std::int64_t lease_ms = 5LL * 60 * 1000;  // 5 min
  int busy_timeout_ms = 10'000;             // wait this long for another writer's lock
  std::size_t max_report_bytes = 1 << 20;   // 1 MiB; larger reports are refused (too_large)
  OutboxClock clock;                        // empty: the system clock
  OutboxRandom random;                      // empty: a seeded std::mt19937_64
};

struct EnqueueRequest {
  std::string case_id;
  std::string destination;
  std::string report_json;
};

struct EnqueueResult {
  std::int64_t row_id = 0;
  bool created = false;  // false: the (case_id, destination) row already existed
};

// What a worker needs to drive one row. A value: copying it does not extend the lease.
struct Lease {
  std::int64_t row_id = 0;
  std::int64_t token = 0;  // fencing token, incremented on every acquire
  std::string worker_id;
  std::string case_id;
  std::string destination;
  OutboxState state = OutboxState::pending;
  std::string report_json;
  std::string checkpoint;          // opaque text the reporter saved with advance()
  std::string remote_id;           // e.g. the CyberTipline reportId
  int attempts = 0;                // transient failures so far
  bool retract_requested = false;  // the operator asked to retract: drive to `retracted`
  std::int64_t expires_at_ms = 0;
};

// One row as operators see it (no report contents).
struct OutboxRow {
  std::int64_t row_id = 0;
  std::string case_id;
  std::string destination;
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  std::string remote_id;
  std::string error_code;     // last failure's code ("" when none)
  std::string error_message;  // last failure's message
  bool retract_requested = false;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::string lease_owner;  // "" when not leased
  std::int64_t lease_expires_at_ms = 0;
};

struct OutboxFilter {
  std::optional<OutboxState> state;
  std::optional<std::string> destination;
  std::size_t limit = 1000;
};

struct OutboxStatus {
  std::array<std::int64_t, kOutboxStateCount> counts{};  // indexed by OutboxState
  // Age of the oldest non-terminal row (now - created_at); nullopt when there is none.
  std::optional<std::int64_t> oldest_pending_age_ms;
  std::vector<OutboxRow> failed;  // every failed row, with its code

  std::int64_t count(OutboxState s) const { return counts[static_cast<std::size_t>(s)]; }
};

class VIGIL_API Outbox {
 public:
  // Opens (creating if needed, with parent directories) the outbox at `path`, enables WAL
  // and creates or migrates the schema. A file that is not an outbox database, or one
  // written by a newer Vigil, is an io_error naming the path.
  static Result<std::unique_ptr<Outbox>> open(const std::filesystem::path& path,
                                              OutboxOptions options = {});

  // $VIGIL_OUTBOX, else $XDG_STATE_HOME/vigil/outbox.db, else ~/.local/state/vigil/outbox.db;
  // not_found when none of VIGIL_OUTBOX, XDG_STATE_HOME and HOME is set.
  static Result<std::string> default_path();

  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Commits a pending row, due now. Idempotent per (case_id, destination), also across
  // processes: a second call returns the existing row with created=false and does not
  // change it. case_id and destination must be non-empty.
  Result<EnqueueResult> enqueue(std::string_view case_id, std::string_view destination,
                                std::string_view report_json);

  // enqueue() for many rows in ONE durable transaction (one fsync): results in request
  // order. All or nothing: when one request is invalid nothing is committed.
  Result<std::vector<EnqueueResult>> enqueue_batch(const std::vector<EnqueueRequest>& requests);

  // Leases the due non-terminal row with the earliest next attempt time whose lease is
  // free or expired; nullopt when nothing is due.
  Result<std::optional<Lease>> acquire(std::string_view worker_id);

  // Persists progress: new_state must be non-terminal and not before the row's state (the
  // same state with a new checkpoint is allowed). Updates `lease` on success.
  Status advance(Lease& lease, OutboxState new_state, std::string_view checkpoint,
                 std::string_view remote_id);

  // The one backward move: the remote side lost the report (CyberTipline 5001, or a
  // successful /retract while recovering an unclear state), so the reporter starts again
  // from pending with an empty checkpoint and remote_id, keeping its lease. Refused (stale
  // lease) like advance(). Updates `lease` on success.
  Status restart(Lease& lease);

  // Extends the lease by lease_ms from now. Updates `lease` on success.
  Status renew(Lease& lease);

  // Terminal success: final_state must be filed or retracted. Releases the lease.
  Status finish(const Lease& lease, OutboxState final_state);

  // fail_transient/fail_permanent store `code` and `message` for operators (status(),
  // list()); only the code is logged. Neither may carry report contents or credentials.
  //
  // A retryable failure: attempts++, the row is due again after
  // max(retry_delay_ms, min_delay_ms) (min_delay_ms: the destination's Retry-After), the
  // lease is released. Past give_up_after_ms since the row was enqueued (or retried) the row
  // becomes failed("expired") instead, logged at error level.
  Status fail_transient(const Lease& lease, std::string_view code, std::string_view message,
                        std::int64_t min_delay_ms = 0);

  // The reporter handed the report to a person (portal handoff): the row waits in
  // handed_off, is never leased again, and the lease is released. `remote_id` is kept.
  // If a retraction was requested meanwhile, the row is retracted instead.
  Status hand_off(const Lease& lease, std::string_view remote_id);

  // The person filed a handed-off report: handed_off -> filed; a non-empty `reference`
  // (the portal's confirmation number, say) becomes the row's remote_id. not_found for an
  // unknown row, invalid_argument when the row is not handed_off.
  Status mark_done(std::int64_t row_id, std::string_view reference = {});

  // A terminal failure failed(code), never retried; logged at error level (operator alert).
  Status fail_permanent(const Lease& lease, std::string_view code, std::string_view message);

  // Operator view: counts per state, oldest pending age, failed rows with codes.
  Result<OutboxStatus> status();

  // How many rows acquire() could lease now (by OutboxOptions::clock): not terminal, not
  // handed_off, due, and not held by an unexpired lease. One COUNT query (no rows are
  // read), so it stays cheap however many finished rows the outbox keeps. A snapshot:
  // other workers may change it at once.
  Result<std::int64_t> count_due();

  // Rows matching `filter`, by row id.
  Result<std::vector<OutboxRow>> list(const OutboxFilter& filter = {});

  // Revives a failed row: back to pending, due now, attempts and the give-up clock reset;
  // checkpoint and remote_id are kept. not_found for an unknown row, invalid_argument when
  // the row is not failed.
  Status retry(std::int64_t row_id);

  // Asks the reporter to retract the row (the next lease carries retract_requested) and
  // makes it due now. A handed_off row is retracted at once (nothing was sent).
  // invalid_argument once the row is terminal (filed, retracted, failed).
  Status request_retract(std::int64_t row_id);

 private:
  struct Impl;
  explicit Outbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
