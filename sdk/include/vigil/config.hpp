// EngineConfig: what an engine loads, read from a TOML file.
//
//   [engine]
//   plugin_path = ["/opt/vigil/plugins"]   # searched before $VIGIL_PLUGIN_PATH
//   allow_untrusted_plugins = false         # load group/other-writable or foreign-owned files
//   override = ["org.vigil.hashing"]        # bundled ids another plugin may take over
//   plugin_sha256 = { "org.vigil.hashing" = "<64 hex digits>" }   # refuse other builds
//
//   [log]
//   level = "info"                          # trace, debug, info, warn, error, off
//   format = "text"                         # or "json" (one object per line)
//
//   [decode]
//   max_bytes = 268435456
//   max_pixels = 100000000
//   max_dimension = 30000
//
//   [[detector]]
//   plugin = "org.vigil.hashing"            # a plugin id
//   signals = ["pdq", "md5"]                # every other key is a plugin setting
//
//   [[bank]]
//   name = "ncmec"                          # a bank in the bank directory
//   dir = "/var/lib/vigil/banks"            # default: BankStore::default_directory()
//   pdq_max_distance = 31                   # 0..63
//   pdq_min_quality = 50                    # 0..100
//
//   [[rule]]
//   banks = ["ncmec"]                       # matches in these banks...
//   signal_types = ["pdq", "md5"]           # ...of these types (default: any)
//   max_distance = 31                       # ...at most this far (default: the bank's)
//   verdict = "block"                       # allow, review or block
//   report_to = ["cybertipline"]            # reporters that must receive the match
//
//   [[reporter]]
//   name = "cybertipline"                   # what rules' report_to refer to
//   plugin = "org.vigil.portal"             # a reporter plugin id
//   kind = "cybertipline"                   # every other key is a plugin setting
//
//   [outbox]
//   path = "/var/lib/vigil/outbox.db"       # default: Outbox::default_path()
//   workers = 1                             # `vigil report run` threads (1..64)
//   lease_ms = 900000                       # a worker's hold on a report (see outbox.hpp)
//
//   [audit]
//   path = "/var/lib/vigil/audit.jsonl"     # default: no audit log
//
// Once any [[reporter]] is configured, every name in a rule's report_to must be one.
// Relative bank dir, outbox and audit paths are resolved against the config file's
// directory.
//
// With no [[rule]] at all, any match blocks (a bank is configured to be acted on).
// Unknown sections and keys are errors, not silently ignored. Every error names the file,
// line and key: "vigil.toml:7: detector[0].plugin: expected a string".
// Plugin settings are checked against the plugin's declared fields when the engine is
// created (the plugin is not known before that), with the same file:line: key form.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.hpp"
#include "vigil/logging.hpp"
#include "vigil/plugin_trust.hpp"
#include "vigil/status.hpp"
#include "vigil/verdict.hpp"

namespace vigil {

// Where a value came from, for error messages.
struct ConfigLocation {
  std::string file;  // as given, or "<string>" for in-memory text
  int line = 0;      // 1-based; 0 if unknown
  std::string key;   // dotted path, e.g. "detector[0].signals"

  // "file:line: key"
  VIGIL_API std::string to_string() const;
};

// A plugin setting, already converted to the string form the plugin ABI uses
// (lists comma-separated, booleans "true"/"false").
struct PluginSetting {
  std::string name;
  std::string value;
  // TOML type of the value: "string", "integer", "boolean", "string_list", "float".
  std::string toml_type;
  ConfigLocation location;
};

struct DetectorConfig {
  std::string plugin;
  std::vector<PluginSetting> settings;
  ConfigLocation location;
};

struct DecodeConfig {
  std::uint64_t max_bytes = 256ull << 20;
  std::uint64_t max_pixels = 100'000'000;
  std::uint32_t max_dimension = 30'000;
};

struct BankConfig {
  std::string name;
  std::filesystem::path directory;  // empty: BankStore::default_directory()
  int pdq_max_distance = 31;
  int pdq_min_quality = 50;
  ConfigLocation location;
};

struct RuleConfig {
  std::vector<std::string> banks;
  std::vector<std::string> signal_types;  // empty: any
  std::optional<int> max_distance;
  Verdict verdict = Verdict::block;
  std::vector<std::string> report_to;
  ConfigLocation location;
};

struct ReporterConfig {
  std::string name;    // the destination name rules route to (outbox rows carry it)
  std::string plugin;  // reporter plugin id
  std::vector<PluginSetting> settings;
  ConfigLocation location;
};

struct OutboxConfig {
  std::filesystem::path path;  // empty: Outbox::default_path()
  int workers = 1;
  int lease_ms = 900'000;  // longer than one reporter call with its retries
};

struct AuditConfig {
  std::filesystem::path path;  // empty: no audit log
};

struct EngineConfig {
  std::vector<std::filesystem::path> plugin_path;  // before the default search path
  // [engine] allow_untrusted_plugins, override and plugin_sha256 (pins in lowercase): what
  // the engine and the report worker pass to PluginRegistry::discover.
  PluginTrustPolicy plugin_trust;
  LogOptions log;
  DecodeConfig decode;
  std::vector<DetectorConfig> detectors;
  std::vector<BankConfig> banks;
  std::vector<RuleConfig> rules;
  std::vector<ReporterConfig> reporters;
  OutboxConfig outbox;
  AuditConfig audit;
  // The directory the configuration file is in (set by load_engine_config; empty for
  // text). Plugin settings of type path that are relative are resolved against it.
  std::filesystem::path base_directory;
};

// Parses TOML text. `source_name` is used in error messages.
VIGIL_API Result<EngineConfig> parse_engine_config(std::string_view toml_text,
                                                   std::string_view source_name = "<string>");

// Reads and parses a TOML file. Relative plugin_path entries, [[bank]] dir, outbox.path
// and audit.path are resolved against the file's directory, and so are plugin settings
// the plugin declares as paths (VIGIL_SETTING_PATH) when the plugin is created.
VIGIL_API Result<EngineConfig> load_engine_config(const std::filesystem::path& path);

}  // namespace vigil
