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
              << done << "/" << total_ << "  hits " << matched << std::flush;
    drawn_ = true;
  }

 private:
  std::size_t total_;
  bool enabled_;
  bool drawn_ = false;
};

// "path: verdict", then the matches the rules acted on, the matches no rule acted on,
// what could not be checked and, with `with_signals`, every signal with its detector.
void print_text(const std::string& path, const Result<ScanResult>& result, bool with_signals) {
  if (!result.ok()) {
    std::cout << path << ": ERROR " << result.status().to_string() << "\n";
    return;
  }
  std::cout << path << ": " << to_string(result->verdict) << "\n";
  for (const Match& match : result->matches) {
    if (match.acted_on) std::cout << "  " << match_text(match) << "\n";
  }
  for (const Match& match : result->matches) {
    if (!match.acted_on)
      std::cout << "  " << match_text(match) << "  (filtered: no rule acted on it)\n";
  }
  for (const ScanError& error : result->errors) {
    std::cout << "  ERROR " << error.detector << ": " << to_string(error.code) << ": "
              << error.message << "\n";
  }
  if (!with_signals) return;
  for (std::size_t i = 0; i < result->signals.size(); ++i) {
    const std::string detector =
        i < result->signal_sources.size() ? result->signal_sources[i] : std::string();
    std::cout << signal_text(result->signals[i], detector, "  ");
  }
}

}  // namespace

void ExitStatus::add(const Result<ScanResult>& result) {
  if (!result.ok()) {
    any_unchecked_ = true;
  } else if (result->verdict != Verdict::allow) {
    ++hits_;
  } else if (!result->errors.empty() && result->matches.empty()) {
    any_unchecked_ = true;
  }
}

int ExitStatus::code() const noexcept {
  if (hits_ > 0) return 1;
  return any_unchecked_ ? 2 : 0;
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
  ExitStatus exit_status;
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
        exit_status.add(result);
        if (options.json) {
          std::cout << verdict_to_json(inputs[i].display, result, options.signals).dump() << "\n";
        } else {
          print_text(inputs[i].display, result, options.signals);
        }
        std::cout.flush();
        progress.update(i + 1, exit_status.hits());
      });
  return exit_status.code();
}

}  // namespace vigil::cli
