// `vigil hash [--signals LIST] [--dihedral] [--json] [--jobs N] PATH...`
// Hashes files (directories recursively, "-" for standard input) with the bundled
// hashing plugin; one line per input, in input order. Exit 0 if every input hashed,
// 2 if any failed (the others are still hashed and printed).
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

namespace vigil::cli {
namespace {

struct HashOptions {
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

void print_table_row(const std::string& path, const Result<ScanResult>& result) {
  if (!result.ok()) {
    std::cout << path << "\n  error  " << result.status().to_string() << "\n";
    return;
  }
  std::cout << path << "\n";
  for (const Signal& signal : result->signals) {
    std::cout << "  " << std::left << std::setw(7) << signal.type << signal.value;
    if (signal.quality) std::cout << "  quality " << *signal.quality;
    std::cout << "\n";
    for (const char* variant : kDihedralOrder) {
      auto it = signal.attributes.find(variant);
      if (it != signal.attributes.end()) {
        std::cout << "    " << std::setw(11) << variant << it->second << "\n";
      }
    }
  }
}

int run_hash(const GlobalOptions& global, HashOptions& options) {
  options.signals = split_list(options.signal_list);
  if (options.signals.empty()) {
    std::cerr << "vigil hash: --signals names no signal\n";
    return 2;
  }
  EngineConfig config = hashing_engine_config({options.signals, options.dihedral});
  config.plugin_path = global.plugin_path;
  auto engine = Engine::create(config);
  if (!engine.ok() || !(*engine)->freeze().ok()) {
    std::cerr << "vigil hash: " << engine.status().to_string() << "\n";
    return 2;
  }
  const std::vector<Input> inputs = expand_inputs(options.paths);

  const StandardInput standard_input =
      read_standard_input_if_listed(inputs, config.decode.max_bytes);

  const unsigned jobs = options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency();
  bool any_failed = false;
  run_ordered<Result<ScanResult>>(
      inputs.size(), jobs,
      [&](std::size_t i) {
        return with_requested_signals(hash_one(**engine, inputs[i], standard_input),
                                      options.signals);
      },
      [&](std::size_t i, const Result<ScanResult>& result) {
        any_failed = any_failed || !result.ok();
        if (options.json) {
          std::cout << result_to_json(inputs[i].display, result, false).dump() << "\n";
        } else {
          print_table_row(inputs[i].display, result);
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
  command->add_option("--signals", options->signal_list, "comma-separated: pdq, md5, sha1, sha256")
      ->check([](const std::string& list) -> std::string {
        for (const std::string& name : split_list(list)) {
          if (name != "pdq" && name != "md5" && name != "sha1" && name != "sha256") {
            return "unknown signal '" + name + "' (expected pdq, md5, sha1, sha256)";
          }
        }
        return {};
      })
      ->capture_default_str();
  command->add_flag("--dihedral", options->dihedral,
                    "add the 8 dihedral PDQ variants (orig, rot90, ...) to the pdq signal");
  command->add_flag("--json", options->json, "print one JSON object per input per line");
  command->add_option("--jobs,-j", options->jobs, "hash this many files at once (default: cores)")
      ->check(CLI::Range(1u, 1024u));
  command->add_option("paths", options->paths, "files, directories or - (standard input)")
      ->required();
  command->callback([&global, &exit_code, options] { exit_code = run_hash(global, *options); });
}

}  // namespace vigil::cli
