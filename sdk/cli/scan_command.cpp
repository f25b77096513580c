// `vigil scan --config FILE [--json] [--signals] [--jobs N] PATH...`: the full pipeline as
// configured (detectors, banks, rules). Exit codes follow the verdicts (see ExitStatus):
// 1 some upload's verdict is block or review, 2 none is and some upload could not be
// checked, 0 otherwise (a match no rule acts on is allowed).
#include <iostream>

#include "commands.hpp"
#include "scan_runner.hpp"

namespace vigil::cli {
namespace {

struct ScanOptions {
  std::string config;
  ScanRunOptions run;
  std::vector<std::string> paths;
};

int run_scan(const GlobalOptions& global, const ScanOptions& options) {
  auto config = load_engine_config(options.config);
  if (!config.ok()) {
    std::cerr << "vigil scan: " << config.status().to_string() << "\n";
    return 2;
  }
  config->plugin_path.insert(config->plugin_path.begin(), global.plugin_path.begin(),
                             global.plugin_path.end());
  if (!global.log_level_given) configure_logging(config->log);
  auto engine = Engine::create(*config);
  if (!engine.ok()) {
    std::cerr << "vigil scan: " << engine.status().to_string() << "\n";
    return 2;
  }
  return scan_inputs(**engine, expand_inputs(options.paths), options.run);
}

}  // namespace

void add_scan_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ScanOptions>();
  auto* command = app.add_subcommand(
      "scan",
      "scan files with a configuration's detectors, banks and rules (exit 1 on block or review)");
  command->add_option("--config,-c", options->config, "engine configuration (TOML)")->required();
  command->add_flag("--json", options->run.json, "print one JSON object per input per line");
  command->add_flag("--signals", options->run.signals,
                    "also print every signal computed, with the detector that computed it");
  command->add_option("--jobs,-j", options->run.jobs, "scan this many files at once")
      ->check(CLI::Range(1u, 1024u));
  command->add_option("paths", options->paths, "files, directories or - (standard input)")
      ->required();
  command->callback([&global, &exit_code, options] { exit_code = run_scan(global, *options); });
}

}  // namespace vigil::cli
