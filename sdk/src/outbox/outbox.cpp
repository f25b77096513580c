// The outbox state machine over SQLite (see vigil/outbox.hpp for the contract).
#include "vigil/outbox.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <system_error>
#include <utility>

#include "logging/log.hpp"
#include "outbox_schema.hpp"
#include "platform/clock.hpp"
#include "platform/durable_file.hpp"
#include "sqlite_db.hpp"

namespace vigil {

using outbox::Database;
using outbox::ImmediateTransaction;
using outbox::Statement;

namespace {

constexpr const char* kNotTerminal = "state NOT IN ('filed', 'retracted', 'failed')";
// Rows acquire() may lease at time ?1: not terminal, not waiting for a person, due, and
// free or with an expired lease.
constexpr const char* kDueAndFree =
    "state NOT IN ('filed', 'retracted', 'failed', 'handed_off') AND next_attempt_at <= ?1"
    " AND (lease_owner IS NULL OR lease_expires_at <= ?1)";

constexpr const char* kRowColumns =
    "id, case_id, destination, state, attempts, remote_id, error_code, error_message, "
    "retract_requested, created_at, updated_at, next_attempt_at, coalesce(lease_owner, ''), "
    "lease_expires_at";

Status stale(std::int64_t row_id, std::string_view why) {
  return {ErrorCode::conflict,
          "stale lease: row " + std::to_string(row_id) + " " + std::string(why)};
}

Result<OutboxState> parse_state(const std::string& text, std::int64_t row_id) {
  if (auto state = outbox_state_from_string(text)) return *state;
  return Status(ErrorCode::io_error,
                "row " + std::to_string(row_id) + " has an unknown state '" + text + "'");
}

Result<OutboxRow> read_row(const Statement& stmt) {
  OutboxRow row;
  row.row_id = stmt.int64(0);
  row.case_id = stmt.text(1);
  row.destination = stmt.text(2);
  auto state = parse_state(stmt.text(3), row.row_id);
  if (!state) return state.status();
  row.state = *state;
  row.attempts = static_cast<int>(stmt.int64(4));
  row.remote_id = stmt.text(5);
  row.error_code = stmt.text(6);
  row.error_message = stmt.text(7);
  row.retract_requested = stmt.int64(8) != 0;
  row.created_at_ms = stmt.int64(9);
  row.updated_at_ms = stmt.int64(10);
  row.next_attempt_at_ms = stmt.int64(11);
  row.lease_owner = stmt.text(12);
  row.lease_expires_at_ms = stmt.int64(13);
  return row;
}

}  // namespace

struct Outbox::Impl {
  std::string path;
  OutboxOptions options;
  Database db;
  std::mutex mutex;
  std::mt19937_64 rng{std::random_device{}()};

  std::int64_t now() const { return platform::now_ms(options.clock); }

  double draw() {
    if (options.random) return options.random();
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  }

  // Inside a transaction: the row's state when `lease` is still the current lease.
  Result<OutboxState> check_lease(const Lease& lease) {
    Statement stmt(db,
                   "SELECT state, lease_token, lease_owner IS NOT NULL FROM outbox WHERE id = ?");
    stmt.bind(1, lease.row_id);
    auto found = stmt.step();
    if (!found) return found.status();
    if (!*found) {
      return Status(ErrorCode::not_found, "no outbox row " + std::to_string(lease.row_id));
    }
    if (stmt.int64(1) != lease.token) return stale(lease.row_id, "was acquired by another worker");
    if (stmt.int64(2) == 0) return stale(lease.row_id, "was already released");
    return parse_state(stmt.text(0), lease.row_id);
  }

  // Runs `change(state before)` in one IMMEDIATE transaction on the row `lease` holds, once
  // the lease is known to be current, and commits when it succeeds. Returns the row's state
  // before the change.
  template <typename Change>
  Result<OutboxState> change_leased_row(const Lease& lease, Change&& change) {
    std::lock_guard lock(mutex);
    ImmediateTransaction txn(db);
    if (!txn.begun().ok()) return txn.begun();
    auto current = check_lease(lease);
    if (!current) return current.status();
    if (Status s = change(*current); !s.ok()) return s;
    if (Status s = txn.commit(); !s.ok()) return s;
    return *current;
  }

  // Runs `change(state)` in one IMMEDIATE transaction on row `row_id` (an operator's
  // action: no lease involved) and commits when it succeeds.
  template <typename Change>
  Status change_row(std::int64_t row_id, Change&& change) {
    std::lock_guard lock(mutex);
    ImmediateTransaction txn(db);
    if (!txn.begun().ok()) return txn.begun();
    auto state = row_state(row_id);
    if (!state) return state.status();
    if (Status s = change(*state); !s.ok()) return s;
    return txn.commit();
  }

  // Inside a transaction: the state of a row, not_found when there is none.
  Result<OutboxState> row_state(std::int64_t row_id) {
    Statement stmt(db, "SELECT state FROM outbox WHERE id = ?");
    stmt.bind(1, row_id);
    auto found = stmt.step();
    if (!found) return found.status();
    if (!*found) return Status(ErrorCode::not_found, "no outbox row " + std::to_string(row_id));
    return parse_state(stmt.text(0), row_id);
  }

  // Inside a transaction: moves a leased row to a terminal state and releases the lease.
  Status set_terminal(const Lease& lease, OutboxState state, std::string_view code,
                      std::string_view message, std::int64_t at) {
    Statement stmt(db,
                   "UPDATE outbox SET state = ?, error_code = ?, error_message = ?, "
                   "updated_at = ?, lease_owner = NULL, lease_expires_at = 0, "
                   "retract_requested = 0 WHERE id = ?");
    stmt.bind(1, to_string(state)).bind(2, code).bind(3, message).bind(4, at).bind(5, lease.row_id);
    return stmt.run();
  }
};

Outbox::Outbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Outbox::~Outbox() = default;

Result<std::unique_ptr<Outbox>> Outbox::open(const std::filesystem::path& file,
                                             OutboxOptions options) {
  const std::string path = file.string();
  if (path.empty()) return Status(ErrorCode::invalid_argument, "outbox path is empty");
  if (options.lease_ms <= 0) {
    return Status(ErrorCode::invalid_argument, "outbox lease_ms must be positive");
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    // Durably, so a new outbox directory cannot vanish in a power loss with the reports
    // committed in it. A failure is ignored: SQLite reports it with a better message.
    (void)platform::create_directories_durably(platform::posix_file_system(), parent);
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = std::move(options);
  const std::string context = "outbox " + path;
  if (Status s = impl->db.open(path, impl->options.busy_timeout_ms); !s.ok()) {
    return s.with_context(context);
  }
  if (Status s = outbox::prepare_schema(impl->db); !s.ok()) return s.with_context(context);
  return std::unique_ptr<Outbox>(new Outbox(std::move(impl)));
}

namespace {

Status check_enqueue_request(std::string_view case_id, std::string_view destination,
                             std::string_view report_json, std::size_t max_report_bytes) {
  if (case_id.empty() || destination.empty()) {
    return {ErrorCode::invalid_argument, "enqueue: case_id and destination are required"};
  }
  if (report_json.size() > max_report_bytes) {
    return {ErrorCode::too_large,
            "enqueue: report of " + std::to_string(report_json.size()) +
                " bytes exceeds the outbox limit (media bytes do not belong in a report)"};
  }
  return {};
}

// Inside a transaction: inserts the row unless (case_id, destination) exists.
Result<EnqueueResult> insert_row(Database& db, std::string_view case_id,
                                 std::string_view destination, std::string_view report_json,
                                 std::int64_t now) {
  EnqueueResult result;
  {
    Statement insert(db,
                     "INSERT INTO outbox (case_id, destination, state, report_json, created_at, "
                     "updated_at, schedule_started_at, next_attempt_at) "
                     "VALUES (?, ?, 'pending', ?, ?, ?, ?, ?) "
                     "ON CONFLICT (case_id, destination) DO NOTHING");
    insert.bind(1, case_id).bind(2, destination).bind(3, report_json);
    insert.bind(4, now).bind(5, now).bind(6, now).bind(7, now);
    if (Status s = insert.run(); !s.ok()) return s;
  }
  if (sqlite3_changes(db.handle()) == 1) {
    result.row_id = sqlite3_last_insert_rowid(db.handle());
    result.created = true;
    return result;
  }
  Statement find(db, "SELECT id FROM outbox WHERE case_id = ? AND destination = ?");
  find.bind(1, case_id).bind(2, destination);
  auto found = find.step();
  if (!found) return found.status();
  if (!*found) return Status(ErrorCode::internal, "enqueue: conflicting row vanished");
  result.row_id = find.int64(0);
  return result;
}

void log_enqueued(const EnqueueResult& result, std::string_view case_id,
                  std::string_view destination) {
  if (!result.created) return;
  logging::host_logger().info("outbox: enqueued row {} case {} destination {}", result.row_id,
                              case_id, destination);
}

}  // namespace

Result<EnqueueResult> Outbox::enqueue(std::string_view case_id, std::string_view destination,
                                      std::string_view report_json) {
  if (Status s =
          check_enqueue_request(case_id, destination, report_json, impl_->options.max_report_bytes);
      !s.ok()) {
    return s;
  }
  std::lock_guard lock(impl_->mutex);
  ImmediateTransaction txn(impl_->db);
  if (!txn.begun().ok()) return txn.begun();
  auto result = insert_row(impl_->db, case_id, destination, report_json, impl_->now());
  if (!result) return result.status();
  if (Status s = txn.commit(); !s.ok()) return s;
  log_enqueued(*result, case_id, destination);
  return result;
}

Result<std::vector<EnqueueResult>> Outbox::enqueue_batch(
    const std::vector<EnqueueRequest>& requests) {
  for (const EnqueueRequest& r : requests) {
    if (Status s = check_enqueue_request(r.case_id, r.destination, r.report_json,
                                         impl_->options.max_report_bytes);
        !s.ok()) {
      return s;
    }
  }
  std::vector<EnqueueResult> results;
  results.reserve(requests.size());
  if (requests.empty()) return results;
  std::lock_guard lock(impl_->mutex);
  ImmediateTransaction txn(impl_->db);
  if (!txn.begun().ok()) return txn.begun();
  const std::int64_t now = impl_->now();
  for (const EnqueueRequest& r : requests) {
    auto result = insert_row(impl_->db, r.case_id, r.destination, r.report_json, now);
    if (!result) return result.status();  // the transaction rolls back: nothing committed
    results.push_back(*result);
  }
  if (Status s = txn.commit(); !s.ok()) return s;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    log_enqueued(results[i], requests[i].case_id, requests[i].destination);
  }
  return results;
}

Result<std::optional<Lease>> Outbox::acquire(std::string_view worker_id) {
  if (worker_id.empty()) return Status(ErrorCode::invalid_argument, "acquire: empty worker_id");
  std::lock_guard lock(impl_->mutex);
  Database& db = impl_->db;
  ImmediateTransaction txn(db);
  if (!txn.begun().ok()) return txn.begun();
  const std::int64_t now = impl_->now();
  std::int64_t row_id = 0;
  bool took_over = false;
  {
    Statement pick(db, (std::string("SELECT id, lease_owner IS NOT NULL FROM outbox WHERE ") +
                        kDueAndFree + " ORDER BY next_attempt_at, id LIMIT 1")
                           .c_str());
    pick.bind(1, now);
    auto found = pick.step();
    if (!found) return found.status();
    if (!*found) return std::optional<Lease>();
    row_id = pick.int64(0);
    took_over = pick.int64(1) != 0;
  }
  const std::int64_t expires = now + impl_->options.lease_ms;
  {
    Statement take(db,
                   "UPDATE outbox SET lease_owner = ?, lease_expires_at = ?, "
                   "lease_token = lease_token + 1 WHERE id = ?");
    take.bind(1, worker_id).bind(2, expires).bind(3, row_id);
    if (Status s = take.run(); !s.ok()) return s;
  }
  Lease lease;
  {
    Statement read(db,
                   "SELECT lease_token, case_id, destination, state, report_json, checkpoint, "
                   "remote_id, attempts, retract_requested FROM outbox WHERE id = ?");
    read.bind(1, row_id);
    auto found = read.step();
    if (!found) return found.status();
    if (!*found) return Status(ErrorCode::internal, "acquire: leased row vanished");
    lease.row_id = row_id;
    lease.token = read.int64(0);
    lease.worker_id = std::string(worker_id);
    lease.case_id = read.text(1);
    lease.destination = read.text(2);
    auto state = parse_state(read.text(3), row_id);
    if (!state) return state.status();
    lease.state = *state;
    lease.report_json = read.text(4);
    lease.checkpoint = read.text(5);
    lease.remote_id = read.text(6);
    lease.attempts = static_cast<int>(read.int64(7));
    lease.retract_requested = read.int64(8) != 0;
    lease.expires_at_ms = expires;
  }
  if (Status s = txn.commit(); !s.ok()) return s;
  logging::host_logger().debug("outbox: row {} case {} leased by {} at state {} token {}{}", row_id,
                               lease.case_id, worker_id, to_string(lease.state), lease.token,
                               took_over ? " (previous lease expired)" : "");
  return std::optional<Lease>(std::move(lease));
}

Status Outbox::advance(Lease& lease, OutboxState new_state, std::string_view checkpoint,
                       std::string_view remote_id) {
  if (is_terminal(new_state)) {
    return {ErrorCode::invalid_argument,
            "advance: use finish() or fail_*() to reach " + std::string(to_string(new_state))};
  }
  auto before = impl_->change_leased_row(lease, [&](OutboxState current) -> Status {
    if (new_state < current) {
      return {ErrorCode::invalid_argument,
              "advance: row " + std::to_string(lease.row_id) + " cannot go back from " +
                  std::string(to_string(current)) + " to " + std::string(to_string(new_state))};
    }
    Statement update(impl_->db,
                     "UPDATE outbox SET state = ?, checkpoint = ?, remote_id = ?, updated_at = ? "
                     "WHERE id = ?");
    update.bind(1, to_string(new_state)).bind(2, checkpoint).bind(3, remote_id);
    update.bind(4, impl_->now()).bind(5, lease.row_id);
    return update.run();
  });
  if (!before.ok()) return before.status();
  if (new_state != *before) {
    logging::host_logger().debug("outbox: row {} case {} {} -> {}", lease.row_id, lease.case_id,
                                 to_string(*before), to_string(new_state));
  }
  lease.state = new_state;
  lease.checkpoint = std::string(checkpoint);
  lease.remote_id = std::string(remote_id);
  return {};
}

Status Outbox::restart(Lease& lease) {
  auto before = impl_->change_leased_row(lease, [&](OutboxState) {
    Statement update(impl_->db,
                     "UPDATE outbox SET state = 'pending', checkpoint = '', remote_id = '', "
                     "updated_at = ? WHERE id = ?");
    update.bind(1, impl_->now()).bind(2, lease.row_id);
    return update.run();
  });
  if (!before.ok()) return before.status();
  logging::host_logger().info("outbox: row {} case {} destination {} restarted from {} to pending",
                              lease.row_id, lease.case_id, lease.destination, to_string(*before));
  lease.state = OutboxState::pending;
  lease.checkpoint.clear();
  lease.remote_id.clear();
  return {};
}

Status Outbox::renew(Lease& lease) {
  std::int64_t expires = 0;
  auto before = impl_->change_leased_row(lease, [&](OutboxState) {
    expires = impl_->now() + impl_->options.lease_ms;
    Statement update(impl_->db, "UPDATE outbox SET lease_expires_at = ? WHERE id = ?");
    update.bind(1, expires).bind(2, lease.row_id);
    return update.run();
  });
  if (!before.ok()) return before.status();
  lease.expires_at_ms = expires;
  return {};
}

Status Outbox::finish(const Lease& lease, OutboxState final_state) {
  if (final_state != OutboxState::filed && final_state != OutboxState::retracted) {
    return {ErrorCode::invalid_argument, "finish: the final state must be filed or retracted"};
  }
  auto before = impl_->change_leased_row(lease, [&](OutboxState) {
    return impl_->set_terminal(lease, final_state, "", "", impl_->now());
  });
  if (!before.ok()) return before.status();
  logging::host_logger().info("outbox: row {} case {} destination {} {}", lease.row_id,
                              lease.case_id, lease.destination, to_string(final_state));
  return {};
}

Status Outbox::fail_transient(const Lease& lease, std::string_view code, std::string_view message,
                              std::int64_t min_delay_ms) {
  std::int64_t attempts = 0;
  std::int64_t delay = 0;
  bool expired = false;
  auto before = impl_->change_leased_row(lease, [&](OutboxState) -> Status {
    Database& db = impl_->db;
    std::int64_t started = 0;
    {
      Statement read(db, "SELECT schedule_started_at, attempts FROM outbox WHERE id = ?");
      read.bind(1, lease.row_id);
      auto found = read.step();
      if (!found) return found.status();
      if (!*found) return {ErrorCode::internal, "fail_transient: leased row vanished"};
      started = read.int64(0);
      attempts = read.int64(1) + 1;
    }
    const std::int64_t now = impl_->now();
    const auto& schedule = impl_->options.retry;
    if (now - started >= schedule.give_up_after_ms) {
      expired = true;
      Statement update(db, "UPDATE outbox SET attempts = ? WHERE id = ?");
      update.bind(1, attempts).bind(2, lease.row_id);
      if (Status s = update.run(); !s.ok()) return s;
      const std::string why = "gave up after " + std::to_string(attempts) +
                              " attempts; last error " + std::string(code) + ": " +
                              std::string(message);
      return impl_->set_terminal(lease, OutboxState::failed, kOutboxExpiredCode, why, now);
    }
    delay = retry_delay_ms(schedule, static_cast<int>(std::min<std::int64_t>(attempts, 1 << 20)),
                           impl_->draw());
    delay = std::max(delay, min_delay_ms);
    Statement update(db,
                     "UPDATE outbox SET attempts = ?, next_attempt_at = ?, error_code = ?, "
                     "error_message = ?, updated_at = ?, lease_owner = NULL, "
                     "lease_expires_at = 0 WHERE id = ?");
    update.bind(1, attempts).bind(2, now + delay).bind(3, code).bind(4, message);
    update.bind(5, now).bind(6, lease.row_id);
    return update.run();
  });
  if (!before.ok()) return before.status();
  if (expired) {
    logging::host_logger().error(
        "outbox: row {} case {} destination {} failed (expired) after {} attempts, last code {}",
        lease.row_id, lease.case_id, lease.destination, attempts, code);
  } else {
    logging::host_logger().warn(
        "outbox: row {} case {} destination {} attempt {} failed with {} at state {}; retry in {} "
        "ms",
        lease.row_id, lease.case_id, lease.destination, attempts, code, to_string(*before), delay);
  }
  return {};
}

Status Outbox::hand_off(const Lease& lease, std::string_view remote_id) {
  bool withdrawn = false;
  auto before = impl_->change_leased_row(lease, [&](OutboxState) -> Status {
    // An operator may have asked to retract while the handoff was being written: nothing
    // was filed, so the row is withdrawn rather than left for a person.
    Statement flag(impl_->db, "SELECT retract_requested FROM outbox WHERE id = ?");
    flag.bind(1, lease.row_id);
    auto found = flag.step();
    if (!found) return found.status();
    withdrawn = *found && flag.int64(0) != 0;
    Statement update(impl_->db,
                     "UPDATE outbox SET state = ?, remote_id = ?, updated_at = ?, "
                     "error_code = '', error_message = '', lease_owner = NULL, "
                     "lease_expires_at = 0, retract_requested = 0 WHERE id = ?");
    update.bind(1, withdrawn ? "retracted" : "handed_off").bind(2, remote_id);
    update.bind(3, impl_->now()).bind(4, lease.row_id);
    return update.run();
  });
  if (!before.ok()) return before.status();
  if (withdrawn) {
    logging::host_logger().info(
        "outbox: row {} case {} destination {} retracted (requested during the handoff)",
        lease.row_id, lease.case_id, lease.destination);
    return {};
  }
  logging::host_logger().info(
      "outbox: row {} case {} destination {} handed off; waiting for a person (vigil report "
      "done {})",
      lease.row_id, lease.case_id, lease.destination, lease.row_id);
  return {};
}

Status Outbox::mark_done(std::int64_t row_id, std::string_view reference) {
  Status done = impl_->change_row(row_id, [&](OutboxState state) -> Status {
    if (state != OutboxState::handed_off) {
      return {ErrorCode::invalid_argument, "done: row " + std::to_string(row_id) + " is " +
                                               std::string(to_string(state)) + ", not handed_off"};
    }
    Statement update(impl_->db,
                     "UPDATE outbox SET state = 'filed', updated_at = ?1, "
                     "remote_id = CASE WHEN coalesce(?2, '') = '' THEN remote_id ELSE ?2 END "
                     "WHERE id = ?3");
    update.bind(1, impl_->now()).bind(2, reference).bind(3, row_id);
    return update.run();
  });
  if (!done.ok()) return done;
  logging::host_logger().info("outbox: row {} marked filed by a person (handed_off -> filed)",
                              row_id);
  return {};
}

Status Outbox::fail_permanent(const Lease& lease, std::string_view code, std::string_view message) {
  if (code.empty()) return {ErrorCode::invalid_argument, "fail_permanent: empty code"};
  auto before = impl_->change_leased_row(lease, [&](OutboxState) {
    return impl_->set_terminal(lease, OutboxState::failed, code, message, impl_->now());
  });
  if (!before.ok()) return before.status();
  logging::host_logger().error(
      "outbox: row {} case {} destination {} failed permanently with code {} at state {}; "
      "operator action needed",
      lease.row_id, lease.case_id, lease.destination, code, to_string(*before));
  return {};
}

Result<std::vector<OutboxRow>> Outbox::list(const OutboxFilter& filter) {
  std::lock_guard lock(impl_->mutex);
  Statement stmt(impl_->db, (std::string("SELECT ") + kRowColumns +
                             " FROM outbox WHERE (?1 IS NULL OR state = ?1)"
                             " AND (?2 IS NULL OR destination = ?2) ORDER BY id LIMIT ?3")
                                .c_str());
  if (filter.state) {
    stmt.bind(1, to_string(*filter.state));
  } else {
    stmt.bind_null(1);
  }
  if (filter.destination) {
    stmt.bind(2, std::string_view(*filter.destination));
  } else {
    stmt.bind_null(2);
  }
  stmt.bind(3, static_cast<std::int64_t>(std::min<std::size_t>(filter.limit, INT64_MAX)));
  std::vector<OutboxRow> rows;
  for (;;) {
    auto more = stmt.step();
    if (!more) return more.status();
    if (!*more) break;
    auto row = read_row(stmt);
    if (!row) return row.status();
    rows.push_back(std::move(*row));
  }
  return rows;
}

Result<std::int64_t> Outbox::count_due() {
  std::lock_guard lock(impl_->mutex);
  Statement count(impl_->db,
                  (std::string("SELECT count(*) FROM outbox WHERE ") + kDueAndFree).c_str());
  count.bind(1, impl_->now());
  auto found = count.step();
  if (!found) return found.status();
  if (!*found) return Status(ErrorCode::internal, "count_due: no count row");
  return count.int64(0);
}

Result<OutboxStatus> Outbox::status() {
  OutboxStatus result;
  {
    std::lock_guard lock(impl_->mutex);
    Database& db = impl_->db;
    {
      Statement counts(db, "SELECT state, count(*) FROM outbox GROUP BY state");
      for (;;) {
        auto more = counts.step();
        if (!more) return more.status();
        if (!*more) break;
        auto state = parse_state(counts.text(0), 0);
        if (!state) return state.status();
        result.counts[static_cast<std::size_t>(*state)] = counts.int64(1);
      }
    }
    Statement oldest(
        db, (std::string("SELECT min(created_at) FROM outbox WHERE ") + kNotTerminal).c_str());
    auto found = oldest.step();
    if (!found) return found.status();
    if (*found && !oldest.is_null(0)) {
      result.oldest_pending_age_ms = impl_->now() - oldest.int64(0);
    }
  }
  OutboxFilter failed;
  failed.state = OutboxState::failed;
  failed.limit = static_cast<std::size_t>(INT64_MAX);
  auto rows = list(failed);
  if (!rows) return rows.status();
  result.failed = std::move(*rows);
  return result;
}

Status Outbox::retry(std::int64_t row_id) {
  Status revived = impl_->change_row(row_id, [&](OutboxState state) -> Status {
    if (state != OutboxState::failed) {
      return {ErrorCode::invalid_argument, "retry: row " + std::to_string(row_id) + " is " +
                                               std::string(to_string(state)) + ", not failed"};
    }
    Statement update(impl_->db,
                     "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?1, "
                     "schedule_started_at = ?1, updated_at = ?1, error_code = '', "
                     "error_message = '', lease_owner = NULL, lease_expires_at = 0 WHERE id = ?2");
    update.bind(1, impl_->now()).bind(2, row_id);
    return update.run();
  });
  if (!revived.ok()) return revived;
  logging::host_logger().info("outbox: row {} revived by operator (failed -> pending)", row_id);
  return {};
}

Status Outbox::request_retract(std::int64_t row_id) {
  bool withdrawn = false;
  Status requested = impl_->change_row(row_id, [&](OutboxState state) -> Status {
    if (is_terminal(state)) {
      return {ErrorCode::invalid_argument, "request_retract: row " + std::to_string(row_id) +
                                               " is already " + std::string(to_string(state))};
    }
    if (state == OutboxState::handed_off) {  // nothing was sent: withdraw it now
      withdrawn = true;
      Statement update(impl_->db,
                       "UPDATE outbox SET state = 'retracted', updated_at = ? WHERE id = ?");
      update.bind(1, impl_->now()).bind(2, row_id);
      return update.run();
    }
    Statement update(impl_->db,
                     "UPDATE outbox SET retract_requested = 1, "
                     "next_attempt_at = min(next_attempt_at, ?1), updated_at = ?1 WHERE id = ?2");
    update.bind(1, impl_->now()).bind(2, row_id);
    return update.run();
  });
  if (!requested.ok()) return requested;
  if (withdrawn) {
    logging::host_logger().info("outbox: row {} handoff withdrawn by operator (retracted)", row_id);
  } else {
    logging::host_logger().info("outbox: row {} retraction requested by operator", row_id);
  }
  return {};
}

}  // namespace vigil
