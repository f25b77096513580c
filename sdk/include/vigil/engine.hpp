// Engine: scans uploads with the configured detectors and decides a verdict.
//
// Lifecycle: create (configure, load plugins, create detector instances) -> load banks
// -> freeze() -> scan() from any number of threads. Before freeze() the engine may be
// changed and scan() refuses to run; after it the engine is immutable and every const
// method is thread-safe.
//
// A scan runs each detector that accepts the media type, in configuration order, and
// collects their signals. A detector that fails (error status, exception, or broken
// contract) fails that scan with detector_failed naming the plugin; the engine and
// other scans are unaffected. With no bank matching, the verdict is allow.
//
// Creating an engine does not change process-wide logging; call configure_logging with
// config.log if the configuration file should control it (the CLI does).
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

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
  // and creates one instance of each configured detector. Errors: config_error for
  // unknown plugins or bad settings (with file:line: key), plugin_error when a plugin
  // refuses to be created.
  static Result<std::unique_ptr<Engine>> create(const EngineConfig& config);

  // load_engine_config(path) then create().
  static Result<std::unique_ptr<Engine>> from_config_file(const std::filesystem::path& path);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Makes the engine immutable and ready to scan. Idempotent.
  Status freeze();
  bool frozen() const noexcept;

  // Scans decoded media. Thread-safe after freeze().
  Result<ScanResult> scan(const Media& media) const;

  // Decodes an encoded upload (with the config's decode limits) and scans it; detectors
  // that hash raw bytes read `bytes`, which must stay alive for the call. Decode errors
  // (decode_failed, truncated, too_large, ...) are returned as they are.
  Result<ScanResult> scan_bytes(std::span<const std::uint8_t> bytes,
                                MediaMetadata metadata = {}) const;

  // Like scan_bytes for a file; raw bytes are streamed from the file.
  Result<ScanResult> scan_file(const std::filesystem::path& path,
                               MediaMetadata metadata = {}) const;

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
