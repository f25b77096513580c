// PluginTrustPolicy: which plugin files PluginRegistry::discover() is allowed to load.
//
// The strict default (a default-constructed policy) is what every caller without a
// configuration gets (`vigil plugins`, `vigil hash` without --config, vigil.plugins() in
// Python). An engine or report worker fills it from the `[engine]` section of its
// configuration (see config.hpp and docs/plugins.md, "Trust"):
//
//   [engine]
//   allow_untrusted_plugins = false                  # the default
//   override = ["org.vigil.hashing"]                 # ids a plugin may take over
//   plugin_sha256 = { "org.vigil.hashing" = "<64 hex digits>" }
//
// A plain value type: copy it freely; it is only read by discover().
#pragma once

#include <map>
#include <string>
#include <vector>

namespace vigil {

struct PluginTrustPolicy {
  // Load plugin files (and files in directories) that are writable by group or others,
  // or owned by a user other than root or the running user. Off by default: whoever can
  // write such a file or directory could replace a detector.
  bool allow_untrusted = false;

  // Plugin ids that a plugin found before the installed plugin directory may provide
  // although a bundled plugin (one in PluginRegistry::installed_plugin_directory())
  // provides them too. An id not listed here stays the bundled plugin's.
  std::vector<std::string> overrides;

  // Plugin id -> the SHA-256 (hex, either case) its file must have. A file providing that
  // id with another digest is refused.
  std::map<std::string, std::string> sha256_pins;
};

}  // namespace vigil
