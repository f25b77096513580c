// Engine: scans uploads with the configured detectors and decides a verdict.
//
// Lifecycle, as ClamAV's configure -> load -> compile -> scan:
//   1. configure: build an EngineConfig (load_engine_config, or in code). A plain value;
//      nothing is loaded yet.
//   2. create: Engine::create() discovers and checks the plugins, creates one instance of
//      each configured detector, opens every configured bank and checks the rules. It
//      fails whole (nothing half-built is returned) or returns an engine ready to scan.
//   3. scan: from any number of threads at once, for the engine's whole life.
// After create() the engine's configuration, plugins and detectors never change. The only
// state that does is the set of bank versions in service, swapped atomically (below).
//
// Thread-safety: every method may be called concurrently with every other, from any
// thread, on one shared engine (share it by reference or shared_ptr; do not destroy it
// while calls are running). scan*, match_signals, banks, registry, detector_ids and config
// never block each other; reload_banks and replace_bank serialise among themselves only.
//
// A scan checks as much of an upload as it can. An encoded upload (scan_bytes,
// scan_file) is read once; its type comes from its magic bytes, never its name. When a
// configured detector works on pixels, the upload is decoded; then every detector that
// accepts images runs, in configuration order. Detectors that declare byte input
// (VIGIL_MEDIA_BYTES, as the bundled hashing plugin does for MD5/SHA-*) run on EVERY
// upload: one that did not decode (a video, an archive, a truncated JPEG) still gets its
// byte hashes computed and matched, and the decode failure is recorded in
// ScanResult::errors beside them. A detector that fails (error status, exception, or
// broken contract) is recorded there too, as detector_failed naming the plugin; the
// other detectors' signals still count, and the engine and other scans are unaffected.
// The signals are matched against every configured bank, and the rules turn matches
// into the verdict (the most severe rule that fires) and the reporters to notify. With
// no match, the verdict is allow: check ScanResult::errors before treating such an
// upload as clean.
//
// Bank updates: reload_banks() and replace_bank() swap in new bank versions atomically
// while scans run. A scan takes the set of banks once, at its start, so it sees either
// the old or the new version of every bank, never a mix, and finishes on what it took.
//
// Creating an engine does not change process-wide logging; call configure_logging with
// config.log if the configuration file should control it (the CLI does).
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "vigil/bank.hpp"
#include "vigil/config.hpp"
#include "vigil/decode.hpp"
#include "vigil/export.hpp"
#include "vigil/media.hpp"
#include "vigil/plugin_registry.hpp"
#include "vigil/scan_result.hpp"
#include "vigil/status.hpp"

namespace vigil {

class VIGIL_API Engine {
 public:
  // Discovers plugins in config.plugin_path then PluginRegistry::default_search_path(),
  // under config.plugin_trust (a refused plugin is not found), and creates one instance of
  // each configured detector, then opens every configured bank. Errors: config_error for
  // unknown plugins, bad settings or a rule naming an unconfigured bank (with file:line:
  // key); plugin_error when a plugin refuses to be created; not_found, io_error or
  // corrupt_data when a bank cannot be opened (the message names the [[bank]] table).
  static Result<std::unique_ptr<Engine>> create(const EngineConfig& config);

  // load_engine_config(path) then create().
  static Result<std::unique_ptr<Engine>> from_config_file(const std::filesystem::path& path);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Does nothing: the engine is ready to scan when create() returns. Kept so that code
  // written for 0.1 (create, freeze, scan) still compiles, with a deprecation warning
  // (an error under -Werror: remove the call); it will be removed.
  [[deprecated("the engine is ready when create() returns; remove the call")]] Status freeze();

  // Scans media the caller built: decoded frames (and optionally raw bytes), or raw bytes
  // alone (no frames), in which case only byte-level detectors run. Errors (nothing was
  // checked): invalid_argument for a malformed frame, or for media with neither frames nor
  // bytes.
  Result<ScanResult> scan(const Media& media) const;

  // Matches signals computed elsewhere (another list, a partner's report) against the
  // banks and applies the rules, without any media. A value that is malformed for its type
  // matches nothing. Always succeeds today; the Result leaves room for errors.
  Result<ScanResult> match_signals(std::vector<Signal> signals) const;

  // Scans an encoded upload of any type (see the top of this file). Decode failures
  // (unsupported_format, truncated, too_large, decode_failed, empty_input) are not
  // errors of the call: they are ScanResult::errors entries from detector "decode", and
  // the byte-level signals are still matched. `bytes` must stay alive for the call.
  Result<ScanResult> scan_bytes(std::span<const std::uint8_t> bytes,
                                MediaMetadata metadata = {}) const;

  // Like scan_bytes for a file, which is read once, so that every signal describes the
  // same bytes even if the file changes meanwhile. A file over the decode limit
  // ([decode] max_bytes) is not held in memory: byte-level detectors stream it once and
  // the decode error says too_large. Errors (nothing was checked): not_found,
  // invalid_argument (a directory or other non-regular file), io_error (unreadable).
  Result<ScanResult> scan_file(const std::filesystem::path& path,
                               MediaMetadata metadata = {}) const;

  // Re-reads every configured bank's CURRENT version from its store and swaps in the
  // ones that changed. On any error nothing is swapped. Thread-safe; returns how many
  // banks changed.
  Result<int> reload_banks();

  // Swaps in `bank` for the configured bank of the same name. Thread-safe.
  Status replace_bank(std::shared_ptr<const Bank> bank);

  // The bank versions currently in service, in configuration order.
  std::vector<BankInfo> banks() const;

  // The registry the engine loaded its plugins from.
  const PluginRegistry& registry() const noexcept;
  // Ids of the configured detectors, in scan order.
  std::vector<std::string> detector_ids() const;
  const EngineConfig& config() const noexcept;

 private:
  Engine();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
