// ReportQueue: commits reports to the outbox from the scanning side, fast and durably.
//
// enqueue() returns once one outbox row per destination is durable on disk (SQLite WAL,
// synchronous=FULL); the report is then safe from crashes and power loss, and a
// ReportWorker (possibly in another process) will deliver it. Calls from many threads are
// group-committed: one committer thread gathers everything queued while the previous
// transaction was being written and commits it in one transaction with one fsync, so
// throughput grows with concurrency instead of being bounded by the disk's fsync rate.
//
// enqueue_async() only hands the report over (a mutex and a queue push) and returns a
// future that becomes ready once the rows are durable, so a scan thread that must not
// wait on the disk never does. Rows are idempotent per (case_id, destination): enqueuing
// the same case again returns the existing rows with created=false.
//
// The audit log, when given, receives one "detection" record per match (bank, list
// version, signal type, distance, entry) and one "enqueued" record per new row, written
// after the rows are durable; audit failures are logged and do not fail the enqueue.
//
// Thread-safety: all methods may be called from any thread. The destructor commits what
// is queued, then stops the committer.
#pragma once

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "vigil/export.hpp"
#include "vigil/outbox.hpp"
#include "vigil/report.hpp"
#include "vigil/status.hpp"

namespace vigil {
namespace report {
struct QueueAccess;
}

class AuditLog;

class VIGIL_API ReportQueue {
 public:
  // Opens the outbox at `outbox_path` (see Outbox::open) and, when `audit_path` is not
  // empty, the audit log there.
  static Result<std::unique_ptr<ReportQueue>> open(const std::filesystem::path& outbox_path,
                                                   const std::filesystem::path& audit_path = {},
                                                   OutboxOptions options = {});
  ~ReportQueue();
  ReportQueue(const ReportQueue&) = delete;
  ReportQueue& operator=(const ReportQueue&) = delete;

  using Rows = std::vector<EnqueueResult>;  // one per destination, in the order given

  // Commits `request` once per destination and waits until the rows are durable. The
  // report's created_at (and the incident time, when request.incident_time is empty) is
  // taken once per call, so every destination's report of the case carries the same times.
  // invalid_argument for an empty case_id, no destinations, an empty destination or text
  // that is not UTF-8 (the message names the field, see report_json()); too_large for a
  // report over the outbox limit; io_error when the commit failed. Nothing is committed
  // on any error.
  Result<Rows> enqueue(const ReportRequest& request, const std::vector<std::string>& destinations);

  // Same, without waiting: the future is ready once the rows are durable (or failed).
  std::future<Result<Rows>> enqueue_async(const ReportRequest& request,
                                          const std::vector<std::string>& destinations);

 private:
  friend struct report::QueueAccess;  // src/report/queue_access.hpp: tests and benchmarks
  // Largest number of rows committed in one transaction so far.
  std::size_t largest_batch() const;

  ReportQueue();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
