// ReportWorker (see vigil/report_worker.hpp).
#include "vigil/report_worker.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "logging/log.hpp"
#include "plugin_host/plugin_settings.hpp"
#include "plugin_host/registry_access.hpp"
#include "reporter_host.hpp"
#include "vigil/audit_log.hpp"

namespace vigil {

using report::DeliveryOutcome;
using report::ReporterHost;

struct ReportWorker::Impl {
  EngineConfig config;
  PluginRegistry registry;
  std::map<std::string, std::unique_ptr<ReporterHost>> reporters;  // by destination name
  std::string outbox_path;
  OutboxOptions outbox_options;
  std::unique_ptr<AuditLog> audit;

  void record(const char* event, const Lease& lease, nlohmann::json fields) const {
    report::audit_row_event(audit.get(), event, lease, std::move(fields));
  }

  // Applies a reporter's outcome to the row; counts it in `summary`.
  void apply(Outbox& outbox, Lease& lease, const DeliveryOutcome& outcome,
             ReportRunSummary& summary) const {
    Status status;
    switch (outcome.kind) {
      case DeliveryOutcome::Kind::filed:
      case DeliveryOutcome::Kind::retracted: {
        const bool filed = outcome.kind == DeliveryOutcome::Kind::filed;
        status = outbox.finish(lease, filed ? OutboxState::filed : OutboxState::retracted);
        if (status.ok()) {
          ++(filed ? summary.filed : summary.retracted);
          record(filed ? "filed" : "retracted", lease,
                 {{"remote_id", outcome.remote_id.empty() ? lease.remote_id : outcome.remote_id}});
        }
        break;
      }
      case DeliveryOutcome::Kind::handed_off:
        status = outbox.hand_off(lease, outcome.remote_id);
        if (status.ok()) {
          ++summary.handed_off;
          record("handed_off", lease, nlohmann::json::object());
        }
        break;
      case DeliveryOutcome::Kind::retry_later:
        status =
            outbox.fail_transient(lease, outcome.code, outcome.message, outcome.retry_after_ms);
        if (status.ok()) {
          ++summary.retried;
          record("retry_scheduled", lease,
                 {{"code", outcome.code}, {"stage", to_string(lease.state)}});
        }
        break;
      case DeliveryOutcome::Kind::permanent:
        status = outbox.fail_permanent(lease, outcome.code, outcome.message);
        if (status.ok()) {
          ++summary.failed;
          record("failed", lease, {{"code", outcome.code}, {"stage", to_string(lease.state)}});
        }
        break;
    }
    if (!status.ok()) {
      ++summary.errors;
      logging::host_logger().warn("report: row {} outcome not recorded: {}", lease.row_id,
                                  status.message());
    }
  }

  // One row: lease it, deliver it, record the outcome. false when nothing was due.
  Result<bool> drive_one(Outbox& outbox, const std::string& worker_id,
                         ReportRunSummary& summary) const {
    auto leased = outbox.acquire(worker_id);
    if (!leased.ok()) return leased.status();
    if (!leased->has_value()) return false;
    Lease& lease = **leased;
    auto reporter = reporters.find(lease.destination);
    if (reporter == reporters.end()) {
      DeliveryOutcome unknown;
      unknown.kind = DeliveryOutcome::Kind::permanent;
      unknown.code = "unknown_destination";
      unknown.message = "no [[reporter]] is named '" + lease.destination + "'";
      apply(outbox, lease, unknown, summary);
      return true;
    }
    record("delivery_started", lease,
           {{"stage", to_string(lease.state)}, {"attempt", lease.attempts}});
    DeliveryOutcome outcome = reporter->second->deliver(lease, outbox, audit.get());
    apply(outbox, lease, outcome, summary);
    return true;
  }
};

ReportWorker::ReportWorker() : impl_(std::make_unique<Impl>()) {}
ReportWorker::~ReportWorker() = default;

Result<std::unique_ptr<ReportWorker>> ReportWorker::create(
    const EngineConfig& config, std::optional<OutboxOptions> outbox_options) {
  std::unique_ptr<ReportWorker> worker(new ReportWorker());
  Impl& impl = *worker->impl_;
  impl.config = config;
  if (outbox_options) {
    impl.outbox_options = std::move(*outbox_options);  // the caller's lease_ms wins
  } else {
    impl.outbox_options.lease_ms = config.outbox.lease_ms;
  }
  std::vector<std::filesystem::path> search = config.plugin_path;
  for (auto& directory : PluginRegistry::default_search_path()) search.push_back(directory);
  impl.registry = PluginRegistry::discover(search, config.plugin_trust);

  for (const ReporterConfig& reporter : config.reporters) {
    const std::string where = reporter.location.to_string();
    auto descriptor = plugin_host::RegistryAccess::descriptor(impl.registry, reporter.plugin);
    if (!descriptor.ok()) {
      return Status(ErrorCode::config_error,
                    where + ": no plugin '" + reporter.plugin + "' was found");
    }
    if ((*descriptor)->kind != VIGIL_KIND_REPORTER) {
      return Status(ErrorCode::config_error,
                    where + ": plugin '" + reporter.plugin + "' is not a reporter");
    }
    auto settings = plugin_host::resolve_plugin_settings(**descriptor, reporter.settings,
                                                         reporter.location, config.base_directory);
    if (!settings.ok()) return settings.status();
    auto host = ReporterHost::create(reporter.name, **descriptor, *settings);
    if (!host.ok()) return host.status().with_context(where);
    impl.reporters.emplace(reporter.name, std::move(host).value());
  }

  if (config.outbox.path.empty()) {
    auto path = Outbox::default_path();
    if (!path.ok()) return path.status();
    impl.outbox_path = *path;
  } else {
    impl.outbox_path = config.outbox.path;
  }
  if (!config.audit.path.empty()) {
    auto audit = AuditLog::open(config.audit.path);
    if (!audit.ok()) return audit.status();
    impl.audit = std::move(audit).value();
  }
  return worker;
}

Result<ReportRunSummary> ReportWorker::run(const ReportRunOptions& options) {
  const int threads = std::max(1, options.workers);
  std::string prefix = options.worker_id;
  if (prefix.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    prefix = std::string(host) + ":" + std::to_string(getpid());
  }
  std::int64_t budget = INT64_MAX;
  if (options.once) {
    auto outbox = Outbox::open(impl_->outbox_path, impl_->outbox_options);
    if (!outbox.ok()) return outbox.status();
    auto due = (*outbox)->count_due();  // the rows due and free now
    if (!due.ok()) return due.status();
    budget = *due;
  }
  std::atomic<std::int64_t> remaining{budget};
  std::mutex merge;
  ReportRunSummary total;
  Status first_error;

  auto work = [&](int index) {
    ReportRunSummary summary;
    Status error;
    auto outbox = Outbox::open(impl_->outbox_path, impl_->outbox_options);
    if (!outbox.ok()) {
      error = outbox.status();
    } else {
      const std::string worker_id = prefix + "#" + std::to_string(index);
      while (!(options.stop && options.stop()) && remaining.fetch_sub(1) > 0) {
        auto drove = impl_->drive_one(**outbox, worker_id, summary);
        if (!drove.ok()) {
          error = drove.status();
          break;
        }
        if (!*drove) break;
      }
    }
    std::lock_guard lock(merge);
    total.filed += summary.filed;
    total.retracted += summary.retracted;
    total.handed_off += summary.handed_off;
    total.retried += summary.retried;
    total.failed += summary.failed;
    total.errors += summary.errors;
    if (!error.ok() && first_error.ok()) first_error = error;
  };

  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(work, i);
    for (auto& thread : pool) thread.join();
  }
  if (!first_error.ok()) return first_error;
  return total;
}

const std::string& ReportWorker::outbox_path() const noexcept { return impl_->outbox_path; }

std::vector<std::string> ReportWorker::destinations() const {
  std::vector<std::string> names;
  for (const ReporterConfig& reporter : impl_->config.reporters) names.push_back(reporter.name);
  return names;
}

}  // namespace vigil
