// `vigil hash [--signals LIST] [--dihedral | --config FILE] [--json] [--jobs N] PATH...`
// Hashes files (directories recursively, "-" for standard input) with the bundled
// hashing plugin, or with the detectors a configuration names (its [[detector]] tables
// and plugin_path; its banks and rules are left out); one line per input, in input
// order. Exit 0 if every input hashed, 2 if any failed (the others are still hashed and
// printed).
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "input_list.hpp"
#include "ordered_parallel.hpp"
#include "scan_output.hpp"
#include "scan_runner.hpp"
#include "vigil/engine.hpp"
#include "vigil/hashing.hpp"
#include "vigil/logging.hpp"

namespace vigil::cli {
namespace {

struct HashOptions {
  std::string config;  // run this configuration's detectors instead of the hashing set
  std::string signal_list = "pdq,md5";
  std::vector<std::string> signals;  // signal_list, split
  bool dihedral = false;
  bool json = false;
  unsigned jobs = 0;  // 0: all cores
  std::vector<std::string> paths;
};

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

Result<ScanResult> hash_one(const Engine& engine, const Input& input,
                            const StandardInput& standard_input) {
  if (!input.is_stdin) return engine.scan_file(input.path);
  if (!standard_input.status.ok()) return standard_input.status;
  return engine.scan_bytes(standard_input.bytes);
}

// A hash run succeeds for an input when every requested signal was computed: a non-image
// file hashed for md5 alone is fine (its decode failure is beside the point), the same
// file asked for pdq is an error.
Result<ScanResult> with_requested_signals(Result<ScanResult> result,
                                          const std::vector<std::string>& signals) {
  if (!result.ok()) return result;
  if (Status complete = require_signals(*result, signals); !complete.ok()) return complete;
  result->errors.clear();
  return result;
}

void print_table_row(const std::string& path, const Result<ScanResult>& result,
                     bool with_detectors) {
  if (!result.ok()) {
    std::cout << path << "\n  error  " << result.status().to_string() << "\n";
    return;
  }
  std::cout << path << "\n";
  for (std::size_t i = 0; i < result->signals.size(); ++i) {
    const Signal& signal = result->signals[i];
    std::cout << "  ";
    if (with_detectors && i < result->signal_sources.size()) {
      std::cout << result->signal_sources[i] << "  ";
    }
    std::cout << std::left << std::setw(7) << signal.type << signal.value;
    if (signal.quality) std::cout << "  quality " << *signal.quality;
    std::cout << "\n";
    for (const char* variant : kDihedralOrder) {
      auto it = signal.attributes.find(variant);
      if (it != signal.attributes.end()) {
        std::cout << "    " << std::setw(11) << variant << it->second << "\n";
      }
    }
    for (const auto& [name, value] : signal.attributes) {  // a plugin's own attributes
      if (!is_dihedral_name(name)) {
        std::cout << "    " << std::setw(11) << name << value << "\n";
      }
    }
  }
  for (const ScanError& error : result->errors) {
    std::cout << "  error  " << error.detector << ": " << to_string(error.code) << ": "
              << error.message << "\n";
  }
}

// The engine `vigil hash` runs: the bundled hashing plugin with the requested signals, or
// the detectors (and plugin path, decode limits and log settings) of --config FILE.
Result<EngineConfig> hash_engine_config(const GlobalOptions& global, const HashOptions& options) {
  if (options.config.empty()) {
    EngineConfig config = hashing_engine_config({options.signals, options.dihedral});
    config.plugin_path = global.plugin_path;
    return config;
  }
  auto config = load_engine_config(options.config);
  if (!config.ok()) return config.status();
  if (config->detectors.empty()) {
    return Status(ErrorCode::config_error, options.config + ": no [[detector]] is configured");
  }
  // Only the detectors run: the banks are not opened, no rule decides, nothing reports.
  config->banks.clear();
  config->rules.clear();
  config->reporters.clear();
  config->plugin_path.insert(config->plugin_path.begin(), global.plugin_path.begin(),
                             global.plugin_path.end());
  if (!global.log_level_given) configure_logging(config->log);
  return config;
}

int run_hash(const GlobalOptions& global, HashOptions& options) {
  options.signals = split_list(options.signal_list);
  if (options.signals.empty()) {
    std::cerr << "vigil hash: --signals names no signal\n";
    return 2;
  }
  const bool configured = !options.config.empty();
  auto config = hash_engine_config(global, options);
  if (!config.ok()) {
    std::cerr << "vigil hash: " << config.status().to_string() << "\n";
    return 2;
  }
  auto engine = Engine::create(*config);
  if (!engine.ok()) {
    std::cerr << "vigil hash: " << engine.status().to_string() << "\n";
    return 2;
  }
  const std::vector<Input> inputs = expand_inputs(options.paths);

  const StandardInput standard_input =
      read_standard_input_if_listed(inputs, config->decode.max_bytes);

  const unsigned jobs = options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency();
  bool any_failed = false;
  run_ordered<Result<ScanResult>>(
      inputs.size(), jobs,
      [&](std::size_t i) {
        Result<ScanResult> result = hash_one(**engine, inputs[i], standard_input);
        // Configured detectors: an input fails when some detector that applies to it did
        // not run (listed in "errors" beside the signals that were computed).
        if (configured) return result;
        return with_requested_signals(std::move(result), options.signals);
      },
      [&](std::size_t i, const Result<ScanResult>& result) {
        any_failed = any_failed || !result.ok() || !result->errors.empty();
        if (options.json) {
          std::cout << result_to_json(inputs[i].display, result, false, configured).dump() << "\n";
        } else {
          print_table_row(inputs[i].display, result, configured);
        }
        std::cout.flush();
      });
  return any_failed ? 2 : 0;
}

}  // namespace

void add_hash_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<HashOptions>();
  auto* command = app.add_subcommand(
      "hash", "hash files (directories recursively, - for standard input), one line each");
  auto* config =
      command->add_option("--config,-c", options->config,
                          "run this configuration's detectors (its [[detector]] tables and "
                          "plugin_path) instead of the bundled hashing plugin");
  auto* signals =
      command
          ->add_option("--signals", options->signal_list, "comma-separated: pdq, md5, sha1, sha256")
          ->check([](const std::string& list) -> std::string {
            for (const std::string& name : split_list(list)) {
              if (name != "pdq" && name != "md5" && name != "sha1" && name != "sha256") {
                return "unknown signal '" + name + "' (expected pdq, md5, sha1, sha256)";
              }
            }
            return {};
          })
          ->capture_default_str();
  auto* dihedral =
      command->add_flag("--dihedral", options->dihedral,
                        "add the 8 dihedral PDQ variants (orig, rot90, ...) to the pdq signal");
  config->excludes(signals)->excludes(dihedral);
  command->add_flag("--json", options->json, "print one JSON object per input per line");
  command->add_option("--jobs,-j", options->jobs, "hash this many files at once (default: cores)")
      ->check(CLI::Range(1u, 1024u));
  command->add_option("paths", options->paths, "files, directories or - (standard input)")
      ->required();
  command->callback([&global, &exit_code, options] { exit_code = run_hash(global, *options); });
}

}  // namespace vigil::cli
