// `vigil match --bank NAME... [--max-distance D] [--json] (PATH... | --signals-from FILE)`
// Matches media, or signals given as `<type> <value>` lines (so two lists can be
// cross-checked without any media), against banks. There are no rules: every match
// blocks. Exit 0 nothing matched, 1 something matched, 2 an error.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "scan_output.hpp"
#include "scan_runner.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/hashing.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::cli {
namespace {

struct MatchOptions {
  std::vector<std::string> banks;
  std::string bank_dir;
  int max_distance = 31;
  std::string signals_from;
  ScanRunOptions run;
  std::vector<std::string> paths;
};

// The bundled hashing detector with every signal and dihedral PDQ, and the named banks.
EngineConfig engine_config(const MatchOptions& options, const std::filesystem::path& bank_dir) {
  EngineConfig config = hashing_engine_config({{"pdq", "md5", "sha1", "sha256"}, true});
  for (std::size_t i = 0; i < options.banks.size(); ++i) {
    BankConfig bank;
    bank.name = options.banks[i];
    bank.directory = bank_dir;
    bank.pdq_max_distance = options.max_distance;
    bank.location = {"--bank " + options.banks[i], 0, {}};
    config.banks.push_back(std::move(bank));
  }
  return config;
}

// Each named bank is in `store`: checked up front so that a typo is reported as such,
// before any bank is opened (opening one reads it whole).
Status check_banks_exist(const MatchOptions& options, const BankStore& store,
                         const std::filesystem::path& bank_dir) {
  const std::vector<std::string> names = store.names();
  for (const std::string& name : options.banks) {
    if (!BankStore::valid_name(name)) {
      return Status(ErrorCode::invalid_argument,
                    "invalid bank name '" + name + "' (use a-z, 0-9, '_', '.', '-')");
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return Status(ErrorCode::not_found, "no bank '" + name + "' in " + bank_dir.string());
    }
  }
  return Status::success();
}

// Matches each `<type> <value>` line of `source` ("-" for standard input) as one input.
int match_signal_lines(const Engine& engine, const std::string& source, bool json) {
  std::ifstream file;
  if (source != "-") {
    file.open(source);
    if (!file) {
      std::cerr << "vigil match: cannot open " << source << "\n";
      return 2;
    }
  }
  std::istream& in = source == "-" ? std::cin : file;
  ExitStatus exit_status;
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = source + ":" + std::to_string(line_number);
    std::istringstream fields(line);
    std::string type, value, extra;
    fields >> type >> value;
    Result<ScanResult> result =
        Status(ErrorCode::malformed_list, "expected '<type> <value>' (e.g. 'pdq <64 hex digits>')");
    if (!value.empty() && !(fields >> extra)) {
      auto normalized = normalize_signal_value(type, value);
      if (!normalized.ok()) {
        result = Status(ErrorCode::malformed_list, normalized.status().message());
      } else {
        result = engine.match_signals({Signal{type, *normalized, {}, {}}});
      }
    }
    exit_status.add(result);
    if (json) {
      std::cout << verdict_to_json(where, result).dump() << "\n";
    } else if (!result.ok()) {
      std::cout << where << ": ERROR " << result.status().to_string() << "\n";
    } else {
      std::cout << where << ": " << to_string(result->verdict) << "\n";
      for (const Match& match : result->matches) std::cout << "  " << match_text(match) << "\n";
    }
  }
  return exit_status.code();
}

int run_match(const GlobalOptions& global, const MatchOptions& options) {
  if (!options.signals_from.empty() && !options.paths.empty()) {
    std::cerr << "vigil match: give either PATH... or --signals-from FILE, not both\n";
    return 2;
  }
  if (options.signals_from.empty() && options.paths.empty()) {
    std::cerr << "vigil match: nothing to match: give PATH... or --signals-from FILE\n";
    return 2;
  }
  const std::filesystem::path bank_dir = options.bank_dir.empty()
                                             ? BankStore::default_directory()
                                             : std::filesystem::path(options.bank_dir);
  if (Status exist = check_banks_exist(options, BankStore(bank_dir), bank_dir); !exist.ok()) {
    std::cerr << "vigil match: " << exist.to_string() << "\n";
    return 2;
  }
  EngineConfig config = engine_config(options, bank_dir);
  config.plugin_path = global.plugin_path;
  auto engine = Engine::create(config);
  if (!engine.ok()) {
    std::cerr << "vigil match: " << engine.status().to_string() << "\n";
    return 2;
  }
  if (!options.signals_from.empty()) {
    return match_signal_lines(**engine, options.signals_from, options.run.json);
  }
  return scan_inputs(**engine, expand_inputs(options.paths), options.run);
}

}  // namespace

void add_match_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<MatchOptions>();
  auto* command =
      app.add_subcommand("match", "match media or signal lines against banks (exit 1 on a match)");
  command->add_option("--bank,-b", options->banks, "bank to match against (repeatable)")
      ->required();
  command->add_option("--bank-dir", options->bank_dir,
                      "bank directory (default: $VIGIL_BANK_DIR or the per-user data directory)");
  command->add_option("--max-distance", options->max_distance, "PDQ Hamming distance, 0..63")
      ->check(CLI::Range(0, 63))
      ->capture_default_str();
  command->add_option("--signals-from", options->signals_from,
                      "match '<type> <value>' lines from FILE (- for standard input)");
  command->add_flag("--json", options->run.json, "print one JSON object per input per line");
  command->add_option("--jobs,-j", options->run.jobs, "match this many files at once")
      ->check(CLI::Range(1u, 1024u));
  command->add_option("paths", options->paths, "files, directories or - (standard input)");
  command->callback([&global, &exit_code, options] { exit_code = run_match(global, *options); });
}

}  // namespace vigil::cli
