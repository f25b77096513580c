// The bundled hashing detector (org.vigil.hashing), configured in code.
//
// Front ends that only hash or match (`vigil hash`, `vigil match`, `vigil bank add`, the
// Python hash_file) build their engine configuration here instead of writing TOML text:
//
//   EngineConfig config = hashing_engine_config({.signals = {"pdq", "md5"}});
//   auto engine = Engine::create(config);
//
// The plugin computes PDQ from decoded pixels and MD5 / SHA-1 / SHA-256 from the raw bytes
// of every upload (it declares byte input), so a file that is not an image still gets its
// digests. Thread-safety: plain functions on values.
#pragma once

#include <string>
#include <vector>

#include "vigil/config.hpp"
#include "vigil/export.hpp"
#include "vigil/scan_result.hpp"
#include "vigil/status.hpp"

namespace vigil {

inline constexpr const char* kHashingPluginId = "org.vigil.hashing";

struct HashingOptions {
  std::vector<std::string> signals = {"pdq", "md5"};  // any of pdq, md5, sha1, sha256
  bool dihedral = false;  // attach the 8 dihedral PDQ variants to the pdq signal
};

// A [[detector]] table for the bundled hashing plugin. Signal names are checked when the
// engine is created (config_error for an unknown one).
VIGIL_API DetectorConfig hashing_detector_config(const HashingOptions& options);

// An engine configuration with that one detector and nothing else.
VIGIL_API EngineConfig hashing_engine_config(const HashingOptions& options);

// Ok when `result` holds a signal of every type in `types`; otherwise the first recorded
// error that explains the gap (e.g. "decode: truncated: ..." when PDQ is missing from a
// truncated JPEG), or not_found naming the missing type when no error does.
VIGIL_API Status require_signals(const ScanResult& result, const std::vector<std::string>& types);

}  // namespace vigil
