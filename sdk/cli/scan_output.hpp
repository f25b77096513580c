// How `vigil` prints one input's outcome: a JSON line or a table row.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vigil/scan_result.hpp"
#include "vigil/status.hpp"

namespace vigil::cli {

// One signal: {"detector"?: ..., "type": ..., "value": ..., "quality"?: ...,
// "dihedral"?: {"orig": ..., ...} (pdq), "attributes"?: {...} (any other type that has
// some)}. "detector" (the plugin id that computed it) is written when `detector` is
// non-empty.
nlohmann::ordered_json signal_to_json(const Signal& signal, const std::string& detector);

// Every signal of `result`, in detector order; with `with_detectors`, each names the
// detector that computed it (ScanResult::signal_sources).
nlohmann::ordered_json signals_to_json(const ScanResult& result, bool with_detectors);

// {"path": ..., "media_type"?: ..., "signals": [signal...], "errors"?: [{"detector",
// "code", "message"}...]} or {"path": ..., "error": {"code", "message"}} when nothing
// could be checked. With `with_verdict`, adds "verdict"; with `with_detectors`, each
// signal names its detector.
nlohmann::ordered_json result_to_json(const std::string& path, const Result<ScanResult>& result,
                                      bool with_verdict, bool with_detectors = false);

// {"path": ..., "verdict": ..., "media_type"?: ..., "matches": [match...],
// "filtered_matches"?: [match...], "report_to"?: [...], "errors"?: [...] as above,
// "signals"?: [signal with detector...]}, or the error object as above. "matches" are
// the matches the rules acted on (Match::acted_on), "filtered_matches" those no rule
// acted on (written only when there is one: they do not count towards the verdict). A
// match is {"bank", "bank_version", "entry_id", "signal_type", "value", "distance",
// "variant"?}, "variant" only for a perceptual (pdq) match. "signals" is written with
// `with_signals`.
nlohmann::ordered_json verdict_to_json(const std::string& path, const Result<ScanResult>& result,
                                       bool with_signals = false);

// "bank@version entry_id type distance D (variant)" for text output; no variant for an
// exact match.
std::string match_text(const Match& match);

// One signal for text output: "<indent>signal <detector> <type> <value>  quality Q", then
// one line "<indent>  <name> <value>" per attribute (the dihedral PDQ variants first, in
// kDihedralOrder order).
std::string signal_text(const Signal& signal, const std::string& detector,
                        const std::string& indent);

// The eight dihedral transform names, in the order PDQ's reference lists them.
extern const char* const kDihedralOrder[8];

// True for the names in kDihedralOrder (the PDQ variants), false for a plugin's own
// attribute names.
bool is_dihedral_name(const std::string& name);

// The first signal of `type`, or nullptr.
const Signal* find_signal(const ScanResult& result, const std::string& type);

}  // namespace vigil::cli
