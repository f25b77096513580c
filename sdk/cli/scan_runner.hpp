// Scans a list of inputs with an engine and prints one verdict per input, in input
// order: `vigil scan` and `vigil match` share it. Exit codes follow clamscan: 0 nothing
// matched, 1 something matched, 2 an input could not be scanned.
#pragma once

#include <vector>

#include "input_list.hpp"
#include "vigil/engine.hpp"

namespace vigil::cli {

struct ScanRunOptions {
  bool json = false;
  unsigned jobs = 0;  // 0: all cores
};

int scan_inputs(const Engine& engine, const std::vector<Input>& inputs,
                const ScanRunOptions& options);

// Reads standard input whole, refusing more than `limit` bytes.
Result<std::vector<std::uint8_t>> read_standard_input(std::uint64_t limit);

// Standard input, read once for every "-" among the inputs (all of them see the same bytes).
struct StandardInput {
  std::vector<std::uint8_t> bytes;
  Status status;  // why it could not be read, if it could not
};
StandardInput read_standard_input_if_listed(const std::vector<Input>& inputs, std::uint64_t limit);

// Exit code for a set of outcomes: 2 if any failed, else 1 if any matched, else 0.
int exit_code_for(bool any_failed, bool any_matched);

}  // namespace vigil::cli
