// ReportWorker: drives the outbox, handing each due report to its reporter plugin.
//
// Created from an EngineConfig: one reporter instance per [[reporter]] (the plugin's
// settings checked like a detector's), the outbox at [outbox].path (default
// Outbox::default_path()) and the audit log at [audit].path (none when empty).
//
// Each worker thread leases one due row at a time (see vigil/outbox.hpp), calls the
// reporter named by the row's destination, and applies the outcome:
//   filed / retracted  -> the row is finished;
//   handed_off         -> the row waits for a person (`vigil report done ID`);
//   retry later        -> the row is due again on the retry schedule (Retry-After honoured);
//   permanent failure  -> failed(code), logged at error level (an operator alert).
// A row whose destination has no reporter fails permanently with "unknown_destination".
// Every outcome is recorded in the audit log. Several processes may run workers on one
// outbox: leases make sure that only one drives a row at a time.
//
// Thread-safety: run() may be called from one thread at a time; it starts its own
// worker threads, each with its own outbox connection.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vigil/config.hpp"
#include "vigil/export.hpp"
#include "vigil/outbox.hpp"
#include "vigil/plugin_registry.hpp"
#include "vigil/status.hpp"

namespace vigil {

struct ReportRunOptions {
  int workers = 1;             // threads driving rows concurrently
  bool once = false;           // true: drive each row due now at most once, then return
  std::string worker_id;       // prefix for lease owners; empty: "<hostname>:<pid>"
  std::function<bool()> stop;  // polled between rows; true ends the run early
};

struct ReportRunSummary {
  std::int64_t filed = 0;
  std::int64_t retracted = 0;
  std::int64_t handed_off = 0;
  std::int64_t retried = 0;  // transient failures, rescheduled
  std::int64_t failed = 0;   // permanent failures
  std::int64_t errors = 0;   // outbox errors (lost leases, storage), logged
};

class VIGIL_API ReportWorker {
 public:
  // Loads plugins (config.plugin_path, then the default search path, under
  // config.plugin_trust) and creates every reporter; opens the outbox and the audit log.
  // config_error for unknown plugins, a plugin that is not a reporter, or bad settings;
  // plugin_error when create() fails.
  //
  // Outbox options, lease_ms included: when the caller passes `outbox_options`, every
  // field of it is used as given, so its lease_ms wins over config.outbox.lease_ms
  // ([outbox].lease_ms). Without it, the worker uses OutboxOptions' defaults with
  // lease_ms = config.outbox.lease_ms. (A caller that only wants, say, a clock and the
  // configured lease sets options.lease_ms = config.outbox.lease_ms itself.)
  static Result<std::unique_ptr<ReportWorker>> create(
      const EngineConfig& config, std::optional<OutboxOptions> outbox_options = std::nullopt);
  ~ReportWorker();
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Drives rows until none is due (every remaining row waits on its retry schedule or a
  // person), or, with options.once, until each row that was due at the start was tried
  // (counted with Outbox::count_due()).
  Result<ReportRunSummary> run(const ReportRunOptions& options = {});

  const std::string& outbox_path() const noexcept;
  // The configured destination names, in configuration order.
  std::vector<std::string> destinations() const;

 private:
  ReportWorker();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
