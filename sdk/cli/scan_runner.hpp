// Scans a list of inputs with an engine and prints one verdict per input, in input
// order: `vigil scan` and `vigil match` share it. Exit codes (see ExitStatus): 1 when
// any upload's verdict is not allow, else 2 when any could not be checked, else 0.
#pragma once

#include <vector>

#include "input_list.hpp"
#include "vigil/engine.hpp"

namespace vigil::cli {

struct ScanRunOptions {
  bool json = false;
  bool signals = false;  // also print every signal computed, with its detector
  unsigned jobs = 0;     // 0: all cores
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

// The exit code of a scan or match over many uploads, in the spirit of clamscan:
//   1  some upload's verdict is block or review (whatever else happened to it or to the
//      others: a pipeline must act on it);
//   2  none is, and some upload could not be checked at all (unreadable, missing) or had
//      an error (it did not decode, a detector failed) and no match;
//   0  otherwise: every upload was checked, or matched without any rule firing.
class ExitStatus {
 public:
  void add(const Result<ScanResult>& result);
  bool any_hit() const noexcept { return hits_ > 0; }
  std::size_t hits() const noexcept { return hits_; }
  int code() const noexcept;

 private:
  std::size_t hits_ = 0;
  bool any_unchecked_ = false;
};

}  // namespace vigil::cli
