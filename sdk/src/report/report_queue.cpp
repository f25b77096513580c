// ReportQueue: group commit of reports into the outbox (see vigil/report_queue.hpp).
#include "vigil/report_queue.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "logging/log.hpp"
#include "vigil/audit_log.hpp"

namespace vigil {
namespace {

struct Pending {
  std::vector<EnqueueRequest> rows;
  std::vector<nlohmann::json> detections;  // audit records, written once durable
  std::promise<Result<ReportQueue::Rows>> done;
};

std::vector<nlohmann::json> detections_of(const ReportRequest& request) {
  std::vector<nlohmann::json> records;
  for (const ReportedFile& file : request.files) {
    for (const Match& match : file.matches) {
      auto& record = records.emplace_back(nlohmann::json{{"case_id", request.case_id},
                                                         {"bank", match.bank},
                                                         {"list_version", match.bank_version},
                                                         {"entry", match.entry_id},
                                                         {"signal_type", match.signal_type},
                                                         {"distance", match.distance}});
      if (!match.variant.empty()) record["variant"] = match.variant;  // perceptual only
    }
  }
  return records;
}

}  // namespace

struct ReportQueue::Impl {
  std::unique_ptr<Outbox> outbox;
  std::unique_ptr<AuditLog> audit;
  std::size_t max_report_bytes = 0;

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::unique_ptr<Pending>> queue;
  bool stopping = false;
  std::size_t largest_batch = 0;
  std::thread committer;

  // The audit records of one committed batch, appended with a single sync.
  void audit_committed(const Pending& pending, const Rows& rows,
                       std::vector<AuditEvent>& events) const {
    for (const nlohmann::json& detection : pending.detections) {
      events.push_back({"detection", detection.dump()});
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].created) continue;
      nlohmann::json fields = {{"case_id", pending.rows[i].case_id},
                               {"row_id", rows[i].row_id},
                               {"destination", pending.rows[i].destination}};
      events.push_back({"enqueued", fields.dump()});
    }
  }

  // Commits every batch handed over while the previous one was being written.
  void run() {
    for (;;) {
      std::deque<std::unique_ptr<Pending>> batch;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and everything is committed
        batch.swap(queue);
      }
      std::vector<EnqueueRequest> requests;
      for (const auto& pending : batch) {
        requests.insert(requests.end(), pending->rows.begin(), pending->rows.end());
      }
      {
        std::lock_guard lock(mutex);
        largest_batch = std::max(largest_batch, requests.size());
      }
      auto committed = outbox->enqueue_batch(requests);
      std::vector<Rows> results;
      std::vector<AuditEvent> events;
      std::size_t offset = 0;
      for (auto& pending : batch) {
        if (!committed.ok()) break;
        results.emplace_back(
            committed->begin() + static_cast<std::ptrdiff_t>(offset),
            committed->begin() + static_cast<std::ptrdiff_t>(offset + pending->rows.size()));
        offset += pending->rows.size();
        if (audit) audit_committed(*pending, results.back(), events);
      }
      // The rows are durable; the audit records follow before the callers are told.
      if (!events.empty()) {
        if (auto s = audit->append_batch(events); !s.ok()) {
          logging::host_logger().error("audit: cannot record {} enqueue events: {}", events.size(),
                                       s.status().message());
        }
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!committed.ok()) {
          batch[i]->done.set_value(committed.status());
        } else {
          batch[i]->done.set_value(std::move(results[i]));
        }
      }
    }
  }
};

ReportQueue::ReportQueue() : impl_(std::make_unique<Impl>()) {}

ReportQueue::~ReportQueue() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->committer.joinable()) impl_->committer.join();
}

Result<std::unique_ptr<ReportQueue>> ReportQueue::open(const std::filesystem::path& outbox_path,
                                                       const std::filesystem::path& audit_path,
                                                       OutboxOptions options) {
  std::unique_ptr<ReportQueue> queue(new ReportQueue());
  queue->impl_->max_report_bytes = options.max_report_bytes;
  auto outbox = Outbox::open(outbox_path, std::move(options));
  if (!outbox.ok()) return outbox.status();
  queue->impl_->outbox = std::move(outbox).value();
  if (!audit_path.empty()) {
    auto audit = AuditLog::open(audit_path);
    if (!audit.ok()) return audit.status();
    queue->impl_->audit = std::move(audit).value();
  }
  queue->impl_->committer = std::thread([impl = queue->impl_.get()] { impl->run(); });
  return queue;
}

std::future<Result<ReportQueue::Rows>> ReportQueue::enqueue_async(
    const ReportRequest& request, const std::vector<std::string>& destinations) {
  auto pending = std::make_unique<Pending>();
  auto future = pending->done.get_future();
  Status invalid;
  if (request.case_id.empty()) {
    invalid = Status(ErrorCode::invalid_argument, "enqueue: the report has no case_id");
  } else if (destinations.empty()) {
    invalid = Status(ErrorCode::invalid_argument, "enqueue: no destinations");
  }
  // Taken once per case: every destination's report carries the same created_at and,
  // when the request has none, the same incident time.
  const std::string created_at = utc_timestamp_now();
  for (const std::string& destination : destinations) {
    if (!invalid.ok()) break;
    if (destination.empty()) {
      invalid = Status(ErrorCode::invalid_argument, "enqueue: empty destination");
      break;
    }
    auto json = report_json(request, destination, created_at);
    if (!json.ok()) {
      invalid = json.status().with_context("enqueue");
      break;
    }
    if (json->size() > impl_->max_report_bytes) {
      invalid = Status(ErrorCode::too_large,
                       "enqueue: report of " + std::to_string(json->size()) +
                           " bytes exceeds the outbox limit (media bytes do not belong in a "
                           "report)");
      break;
    }
    pending->rows.push_back({request.case_id, destination, std::move(json).value()});
  }
  if (!invalid.ok()) {
    pending->done.set_value(invalid);
    return future;
  }
  pending->detections = detections_of(request);
  {
    std::lock_guard lock(impl_->mutex);
    impl_->queue.push_back(std::move(pending));
  }
  impl_->wake.notify_one();
  return future;
}

Result<ReportQueue::Rows> ReportQueue::enqueue(const ReportRequest& request,
                                               const std::vector<std::string>& destinations) {
  return enqueue_async(request, destinations).get();
}

std::size_t ReportQueue::largest_batch() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->largest_batch;
}

}  // namespace vigil
