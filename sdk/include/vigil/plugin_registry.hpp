// PluginRegistry: finds, checks and loads plugin shared libraries.
//
// discover() looks at every `*.so` in each search directory, directories in the order
// given and files in sorted name order. For each file it
//   1. checks that the file can be trusted (see "Trust" below) before loading anything,
//   2. reads the file's SHA-256, then loads the library with every symbol resolved now
//      (a missing symbol fails here),
//   3. looks up the `vigil_plugins` table of descriptors, else the single `vigil_plugin`
//      descriptor (a library that exports both must list that descriptor in the table),
//   4. checks each descriptor's ABI version and struct size before touching anything
//      else (plugin_abi.h, "Versions" and "Sizes"), copies it (fields beyond its
//      struct_size read as absent), then checks its contents (id, kind, function table,
//      fields); one bad descriptor refuses the whole library,
//   5. applies the policy's id rules: a bundled id is not taken over unless allowed, and a
//      pinned id must have the pinned digest,
// and lists the file as a plugin or as skipped, with the reason (also logged at warn).
// The first plugin with a given id wins; later ones are skipped as duplicates.
//
// Trust (PluginTrustPolicy, plugin_trust.hpp; docs/plugins.md "Trust"). Unless the policy
// allows untrusted plugins, a file is refused when it, or the directory it is in, is
// writable by group or others or owned by a user other than root or the running
// (effective) user. A symbolic link is judged by the directory it is in, its target file
// and the target's directory. Only the file's own directory is judged, not its ancestors.
// A plugin found before the installed plugin directory may not provide an id that a
// plugin in that directory (a bundled plugin) provides unless the policy's `overrides`
// names it; the bundled plugin is used instead. (Bundled ids are those of the installed
// directory when it is one of the searched directories.) A file whose digest differs from
// the policy's pin for its id is refused. An override or pin that had no effect (no
// plugin took over that bundled id; no plugin with the pinned id was loaded) is logged at
// warn.
//
// Residual risk: the id is in the library, so a file that passes the file checks is loaded
// (its initialisers run) before the override and pin rules can refuse it; and the file is
// hashed, then opened again by path to be loaded, so a file replaced in between would be
// loaded unhashed. The host re-checks the file's identity (device, inode, size, modification time)
// after loading and refuses it if it changed, and the file checks limit who could replace
// it to root and the running user.
//
// Libraries are never unloaded: once loaded, a library stays mapped for the life of the
// process (unloading C++ libraries is not reliable), and loading the same file again
// reuses it (and the digest read when it was first loaded). Loading is serialised;
// discover() may be called from several threads at once, and a registry is immutable
// after discover() and may be shared by many threads.
//
// Plugins run in-process and are trusted code; see plugin_abi.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vigil/export.hpp"
#include "vigil/plugin_abi.h"
#include "vigil/plugin_trust.hpp"
#include "vigil/status.hpp"

namespace vigil {
namespace plugin_host {
struct RegistryAccess;
}

enum class PluginKind { detector, reporter };
VIGIL_API const char* to_string(PluginKind kind) noexcept;

struct ConfigFieldInfo {
  std::string name;
  std::string type;  // "string", "integer", "boolean", "string_list"
  std::string description;
  std::optional<std::string> default_value;
  bool required = false;
};

// What a loaded plugin says about itself.
struct PluginInfo {
  std::string id;
  std::string version;
  std::string description;
  PluginKind kind = PluginKind::detector;
  std::vector<std::string> media_types;   // "image", "video"
  std::vector<std::string> signal_types;  // detectors only
  std::vector<ConfigFieldInfo> config_fields;
  // Empty: current. Otherwise the plugin is kept for existing configurations and this
  // says what to use instead.
  std::string deprecated;
  std::filesystem::path path;  // the library; several plugins may share one
  // SHA-256 (lowercase hex) of the file's bytes as they were loaded: what
  // PluginTrustPolicy::sha256_pins compares against.
  std::string sha256;
};

// A file that was looked at and not used, and why.
struct SkippedPlugin {
  std::filesystem::path path;
  std::string reason;
};

class VIGIL_API PluginRegistry {
 public:
  // An empty registry.
  PluginRegistry();
  ~PluginRegistry();
  PluginRegistry(PluginRegistry&&) noexcept;
  PluginRegistry& operator=(PluginRegistry&&) noexcept;

  // Scans `directories` as described above, under `policy`. Directories that do not exist
  // and every refused file are skipped (listed in skipped() with the reason and logged at
  // warn); this call itself cannot fail.
  static PluginRegistry discover(const std::vector<std::filesystem::path>& directories,
                                 const PluginTrustPolicy& policy);
  // The same under the strict default policy (PluginTrustPolicy{}).
  static PluginRegistry discover(const std::vector<std::filesystem::path>& directories);

  // The default search path: each entry of $VIGIL_PLUGIN_PATH (colon-separated), then
  // the plugin directory of this libvigil installation (<libdir>/vigil/plugins, resolved:
  // no "..", no symbolic link).
  static std::vector<std::filesystem::path> default_search_path();

  // The plugin directory next to this libvigil (<dir of libvigil.so>/vigil/plugins),
  // resolved as weakly_canonical does; empty when libvigil's own path is unknown.
  static std::filesystem::path installed_plugin_directory();

  const std::vector<PluginInfo>& plugins() const noexcept;
  const std::vector<SkippedPlugin>& skipped() const noexcept;

  // The plugin with this id, or nullptr.
  const PluginInfo* find(const std::string& id) const noexcept;

 private:
  friend struct plugin_host::RegistryAccess;  // src/plugin_host/registry_access.hpp
  // The host's checked copy of a loaded plugin's descriptor (valid for the life of the
  // process; fields beyond the plugin's struct_size are zero), or not_found.
  Result<const vigil_plugin_descriptor*> descriptor(const std::string& id) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
