// ScanResult: everything one scan found out about one upload.
#pragma once

#include <string>
#include <vector>

#include "vigil/match.hpp"
#include "vigil/signal.hpp"
#include "vigil/verdict.hpp"

namespace vigil {

struct ScanResult {
  Verdict verdict = Verdict::allow;
  std::vector<Match> matches;   // every match, in bank order
  std::vector<Signal> signals;  // every signal computed, in detector order
  // Detector id for each entry of `signals` (same length).
  std::vector<std::string> signal_sources;
  // Reporters the firing rules route this upload to, each once, in rule order.
  std::vector<std::string> report_to;

  friend bool operator==(const ScanResult&, const ScanResult&) = default;
};

}  // namespace vigil
