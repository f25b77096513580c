// How `vigil` prints one input's outcome: a JSON line or a table row.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "vigil/scan_result.hpp"
#include "vigil/status.hpp"

namespace vigil::cli {

// {"path": ..., "media_type"?: ..., "signals": [{"type", "value", "quality"?,
// "dihedral"?}...], "errors"?: [{"detector", "code", "message"}...]} or
// {"path": ..., "error": {"code", "message"}} when nothing could be checked.
// With `with_verdict`, adds "verdict".
nlohmann::ordered_json result_to_json(const std::string& path, const Result<ScanResult>& result,
                                      bool with_verdict);

// {"path": ..., "verdict": ..., "media_type"?: ..., "matches": [{"bank", "bank_version",
// "entry_id", "signal_type", "value", "distance", "variant"}...]} (plus "report_to" when
// rules route the upload somewhere, and "errors" as above when part of the upload could
// not be checked), or the error object as above.
nlohmann::ordered_json verdict_to_json(const std::string& path, const Result<ScanResult>& result);

// The eight dihedral transform names, in the order PDQ's reference lists them.
extern const char* const kDihedralOrder[8];

// The first signal of `type`, or nullptr.
const Signal* find_signal(const ScanResult& result, const std::string& type);

}  // namespace vigil::cli
