#include "scan_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "ordered_parallel.hpp"
#include "scan_output.hpp"

namespace vigil::cli {
namespace {

// A one-line progress bar on standard error, drawn only when it is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(std::size_t total) : total_(total), enabled_(::isatty(2) == 1) {}
  ~ProgressBar() {
    if (enabled_ && drawn_) std::cerr << "\r\033[K" << std::flush;
  }
  void update(std::size_t done, std::size_t matched) {
    if (!enabled_ || total_ == 0) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = kWidth * done / total_;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
              << done << "/" << total_ << "  matched " << matched << std::flush;
    drawn_ = true;
  }

 private:
  std::size_t total_;
  bool enabled_;
  bool drawn_ = false;
};

void print_text(const std::string& path, const Result<ScanResult>& result) {
  if (!result.ok()) {
    std::cout << path << ": ERROR " << result.status().to_string() << "\n";
    return;
  }
  std::cout << path << ": " << to_string(result->verdict);
  for (const Match& match : result->matches) {
    std::cout << "\n  " << match.bank << "@" << match.bank_version << " " << match.entry_id << " "
              << match.signal_type << " distance " << match.distance << " (" << match.variant
              << ")";
  }
  std::cout << "\n";
}

}  // namespace

int exit_code_for(bool any_failed, bool any_matched) {
  if (any_failed) return 2;
  return any_matched ? 1 : 0;
}

Result<std::vector<std::uint8_t>> read_standard_input(std::uint64_t limit) {
  std::vector<std::uint8_t> bytes;
  char chunk[1 << 16];
  while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
    bytes.insert(bytes.end(), chunk, chunk + std::cin.gcount());
    if (bytes.size() > limit) {
      return Status(ErrorCode::too_large,
                    "standard input is larger than the " + std::to_string(limit) + "-byte limit");
    }
  }
  return bytes;
}

StandardInput read_standard_input_if_listed(const std::vector<Input>& inputs, std::uint64_t limit) {
  StandardInput standard_input;
  const bool listed =
      std::any_of(inputs.begin(), inputs.end(), [](const Input& input) { return input.is_stdin; });
  if (!listed) return standard_input;
  auto bytes = read_standard_input(limit);
  if (bytes.ok()) {
    standard_input.bytes = std::move(bytes).value();
  } else {
    standard_input.status = bytes.status();
  }
  return standard_input;
}

int scan_inputs(const Engine& engine, const std::vector<Input>& inputs,
                const ScanRunOptions& options) {
  const StandardInput standard_input =
      read_standard_input_if_listed(inputs, engine.config().decode.max_bytes);
  const unsigned jobs = options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency();
  bool any_failed = false;
  std::size_t matched = 0;
  ProgressBar progress(inputs.size());
  run_ordered<Result<ScanResult>>(
      inputs.size(), jobs,
      [&](std::size_t i) -> Result<ScanResult> {
        const Input& input = inputs[i];
        if (!input.is_stdin) return engine.scan_file(input.path);
        if (!standard_input.status.ok()) return standard_input.status;
        return engine.scan_bytes(standard_input.bytes);
      },
      [&](std::size_t i, const Result<ScanResult>& result) {
        any_failed = any_failed || !result.ok();
        if (result.ok() && !result->matches.empty()) ++matched;
        if (options.json) {
          std::cout << verdict_to_json(inputs[i].display, result).dump() << "\n";
        } else {
          print_text(inputs[i].display, result);
        }
        std::cout.flush();
        progress.update(i + 1, matched);
      });
  return exit_code_for(any_failed, matched > 0);
}

}  // namespace vigil::cli
