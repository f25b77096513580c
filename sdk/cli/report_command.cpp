// `vigil report ...`: the outbox from an operator's seat.
//
//   vigil report file   --config FILE --case-id ID [--content-url URL] [--to NAME]... PATH...
//   vigil report run    --config FILE [--once] [--workers N]                 deliver
//   vigil report status (--config FILE | --outbox DB) [--json]
//   vigil report retry   ID  (--config FILE | --outbox DB)
//   vigil report retract ID  (--config FILE | --outbox DB)
//   vigil report done    ID  (--config FILE | --outbox DB) [--reference R]   handoff filed
//
// Exit codes: 0 ok; 1 when an operator must act (`status` found failed rows, `run` failed
// a report or hit outbox errors) or, for `file`, when there was nowhere to send the case;
// 2 usage or runtime error (including an outbox path that does not exist).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "report_status_output.hpp"
#include "vigil/audit_log.hpp"
#include "vigil/engine.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::cli {
namespace {

struct ReportOptions {
  std::string config;
  std::string outbox;
  bool json = false;
  bool once = false;
  int workers = 0;  // 0: the config's [outbox].workers
  std::int64_t row_id = 0;
  std::string case_id;
  std::string content_url;
  std::string reference;
  std::vector<std::string> destinations;
  std::vector<std::string> paths;
};

int fail(const std::string& command, const Status& status) {
  std::cerr << "vigil report " << command << ": " << status.to_string() << "\n";
  return 2;
}

Result<EngineConfig> load_config(const GlobalOptions& global, const std::string& path) {
  auto config = load_engine_config(path);
  if (!config.ok()) return config;
  config->plugin_path.insert(config->plugin_path.begin(), global.plugin_path.begin(),
                             global.plugin_path.end());
  if (!global.log_level_given) configure_logging(config->log);
  return config;
}

// The outbox path: --outbox, else the config's [outbox].path, else the default.
Result<std::string> outbox_path(const GlobalOptions& global, const ReportOptions& options) {
  if (!options.outbox.empty()) return options.outbox;
  if (!options.config.empty()) {
    auto config = load_config(global, options.config);
    if (!config.ok()) return config.status();
    if (!config->outbox.path.empty()) return config->outbox.path.string();
  }
  return Outbox::default_path();
}

// Opens an existing outbox: a mistyped path must not look like an empty, healthy one.
Result<std::unique_ptr<Outbox>> open_outbox(const GlobalOptions& global,
                                            const ReportOptions& options) {
  auto path = outbox_path(global, options);
  if (!path.ok()) return path.status();
  if (!std::filesystem::exists(*path)) {
    return Status(ErrorCode::not_found, "no outbox at " + *path);
  }
  return Outbox::open(*path);
}

// Records an operator's action in the config's audit log, when there is one.
void audit_operator_action(const GlobalOptions& global, const ReportOptions& options,
                           const std::string& action) {
  if (options.config.empty()) return;
  auto config = load_config(global, options.config);
  if (!config.ok() || config->audit.path.empty()) return;
  auto audit = AuditLog::open(config->audit.path);
  if (!audit.ok()) {
    std::cerr << "vigil report " << action << ": audit log: " << audit.status().to_string() << "\n";
    return;
  }
  nlohmann::json fields = {{"row_id", options.row_id}, {"by", "operator"}};
  if (!options.reference.empty()) fields["reference"] = options.reference;
  (void)(*audit)->append("operator_" + action, fields.dump());
}

int run_status(const GlobalOptions& global, const ReportOptions& options) {
  auto outbox = open_outbox(global, options);
  if (!outbox.ok()) return fail("status", outbox.status());
  auto status = (*outbox)->status();
  if (!status.ok()) return fail("status", status.status());
  print_outbox_status(std::cout, *status, options.json);
  return status->failed.empty() ? 0 : 1;
}

int run_row_action(const GlobalOptions& global, const ReportOptions& options,
                   const std::string& action) {
  auto outbox = open_outbox(global, options);
  if (!outbox.ok()) return fail(action, outbox.status());
  Status status = action == "retry"     ? (*outbox)->retry(options.row_id)
                  : action == "retract" ? (*outbox)->request_retract(options.row_id)
                                        : (*outbox)->mark_done(options.row_id, options.reference);
  if (!status.ok()) return fail(action, status);
  audit_operator_action(global, options, action);
  if (action == "retry") std::cout << "row " << options.row_id << " is pending again\n";
  if (action == "retract") {
    auto rows = (*outbox)->list();
    const bool withdrawn =
        rows.ok() && std::any_of(rows->begin(), rows->end(), [&](const OutboxRow& row) {
          return row.row_id == options.row_id && row.state == OutboxState::retracted;
        });
    std::cout << "row " << options.row_id
              << (withdrawn
                      ? ": withdrawn (the handoff had not been filed by a person)\n"
                      : ": retraction requested (the next `vigil report run` withdraws it)\n");
  }
  if (action == "done") std::cout << "row " << options.row_id << " marked filed\n";
  return 0;
}

int run_deliveries(const GlobalOptions& global, const ReportOptions& options) {
  auto config = load_config(global, options.config);
  if (!config.ok()) return fail("run", config.status());
  auto worker = ReportWorker::create(*config);
  if (!worker.ok()) return fail("run", worker.status());
  ReportRunOptions run;
  run.once = options.once;
  run.workers = options.workers > 0 ? options.workers : config->outbox.workers;
  auto summary = (*worker)->run(run);
  if (!summary.ok()) return fail("run", summary.status());
  std::cout << "filed " << summary->filed << ", handed off " << summary->handed_off
            << ", retracted " << summary->retracted << ", retry scheduled " << summary->retried
            << ", failed " << summary->failed << ", outbox errors " << summary->errors << "\n";
  return summary->failed > 0 || summary->errors > 0 ? 1 : 0;
}

int run_file(const GlobalOptions& global, const ReportOptions& options) {
  auto config = load_config(global, options.config);
  if (!config.ok()) return fail("file", config.status());
  for (const std::string& target : options.destinations) {
    const bool known = std::any_of(config->reporters.begin(), config->reporters.end(),
                                   [&](const ReporterConfig& r) { return r.name == target; });
    if (!known) {
      return fail("file",
                  Status(ErrorCode::invalid_argument,
                         "--to " + target + ": the config has no [[reporter]] of that name"));
    }
  }
  auto engine = Engine::create(*config);
  if (!engine.ok()) return fail("file", engine.status());
  ReportRequest request;
  request.case_id = options.case_id;
  request.content_url = options.content_url;
  std::vector<std::string> destinations = options.destinations;
  for (const std::string& path : options.paths) {
    auto scan = (*engine)->scan_file(path);
    if (!scan.ok()) return fail("file", scan.status().with_context(path));
    const std::filesystem::path absolute = std::filesystem::absolute(path);
    request.files.push_back(reported_file(*scan, absolute.string(), absolute.filename().string()));
    if (options.destinations.empty()) {
      for (const std::string& target : scan->report_to) {
        if (std::find(destinations.begin(), destinations.end(), target) == destinations.end()) {
          destinations.push_back(target);
        }
      }
    }
  }
  if (destinations.empty()) {
    std::cerr << "vigil report file: no rule routes these files to a reporter and no --to was "
                 "given; nothing enqueued\n";
    return 1;
  }
  std::string outbox = config->outbox.path.string();
  if (outbox.empty()) {
    auto path = Outbox::default_path();
    if (!path.ok()) return fail("file", path.status());
    outbox = *path;
  }
  auto queue = ReportQueue::open(outbox, config->audit.path);
  if (!queue.ok()) return fail("file", queue.status());
  auto rows = (*queue)->enqueue(request, destinations);
  if (!rows.ok()) return fail("file", rows.status());
  for (std::size_t i = 0; i < rows->size(); ++i) {
    std::cout << "row " << (*rows)[i].row_id << " case " << request.case_id << " -> "
              << destinations[i] << ((*rows)[i].created ? " enqueued" : " (already enqueued)")
              << "\n";
  }
  return 0;
}

void add_outbox_selection(CLI::App* command, ReportOptions& options) {
  command->add_option("--config,-c", options.config, "engine configuration ([outbox].path)");
  command->add_option("--outbox", options.outbox, "outbox database (overrides the config)");
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ReportOptions>();
  auto* report = app.add_subcommand("report", "file reports: enqueue, deliver, inspect");
  report->require_subcommand(1);

  auto* file = report->add_subcommand("file", "scan files and enqueue one report for the case");
  file->add_option("--config,-c", options->config, "engine configuration (TOML)")->required();
  file->add_option("--case-id", options->case_id, "the platform's id for this incident")
      ->required();
  file->add_option("--content-url", options->content_url,
                   "where the content was seen, when it is at a URL (portal handoffs need it)");
  file->add_option("--to", options->destinations,
                   "reporter to send to (repeatable; default: where the rules route matches)");
  file->add_option("paths", options->paths, "the files to report")->required();
  file->callback([&global, &exit_code, options] { exit_code = run_file(global, *options); });

  auto* run = report->add_subcommand("run", "deliver due reports until none is due");
  run->add_option("--config,-c", options->config, "engine configuration (TOML)")->required();
  run->add_flag("--once", options->once, "try each report due now once, then stop");
  run->add_option("--workers", options->workers, "reports driven at once (default [outbox])")
      ->check(CLI::Range(1, 64));
  run->callback([&global, &exit_code, options] { exit_code = run_deliveries(global, *options); });

  auto* status = report->add_subcommand("status", "counts per state, oldest pending, failures");
  add_outbox_selection(status, *options);
  status->add_flag("--json", options->json, "print one JSON object");
  status->callback([&global, &exit_code, options] { exit_code = run_status(global, *options); });

  for (const char* action : {"retry", "retract", "done"}) {
    const std::string name = action;
    const char* help = name == "retry"     ? "revive a failed report"
                       : name == "retract" ? "withdraw a report that is not filed yet"
                                           : "mark a handed-off report as filed by a person";
    auto* command = report->add_subcommand(name, help);
    add_outbox_selection(command, *options);
    command->add_option("id", options->row_id, "outbox row id (see `vigil report status`)")
        ->required();
    if (name == "done") {
      command->add_option("--reference", options->reference,
                          "the portal's confirmation or report number, kept with the row");
    }
    command->callback([&global, &exit_code, options, name] {
      exit_code = run_row_action(global, *options, name);
    });
  }
}

}  // namespace vigil::cli
