// The plugin registry: the only file in Vigil that knows Boost.DLL.
//
// Boost 1.74 spells the import API differently from newer Boost, so this file uses only
// shared_library's constructor, has() and get<T>(), and keeps library lifetimes in its
// own store (libraries are never unloaded).
#define BOOST_DLL_USE_STD_FS
#include "vigil/plugin_registry.hpp"

#include "plugin_descriptor_check.hpp"

#include <dlfcn.h>
#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <system_error>

#include "logging/log.hpp"
#include "plugin_file_checks.hpp"
#include "plugin_settings.hpp"

namespace vigil {
namespace fs = std::filesystem;
namespace {

// A library this process loaded, with the digest of the bytes read just before loading it.
struct LoadedLibrary {
  boost::dll::shared_library library;
  std::string sha256;
  // The file's identity differed after loading from the one hashed: the digest may not
  // describe the loaded code, so the library is never used.
  bool changed_while_loading = false;
};

// Every library this process loaded, by canonical path. Never destroyed: code and data
// from a plugin may be referenced until the process exits.
struct LibraryStore {
  std::mutex mutex;  // serialises loading
  std::map<std::string, LoadedLibrary> libraries;
};

LibraryStore& library_store() {
  static auto* store = new LibraryStore();
  return *store;
}

struct LoadOutcome {
  const vigil_plugin_descriptor* descriptor = nullptr;
  std::string skip_reason;
  std::string sha256;  // of the loaded file
};

LoadOutcome refused(std::string reason) { return {nullptr, std::move(reason), {}}; }

// Hashes and loads `path` (or reuses it) and returns its checked descriptor and digest, or
// why it was skipped.
LoadOutcome load_descriptor(const fs::path& path) {
  LibraryStore& store = library_store();
  std::lock_guard lock(store.mutex);

  std::error_code fs_error;
  fs::path canonical = fs::canonical(path, fs_error);
  if (fs_error) return refused("cannot resolve path: " + fs_error.message());

  auto found = store.libraries.find(canonical.string());
  if (found == store.libraries.end()) {
    // Hash first, then load by the same path; the identity check below notices a file
    // replaced in between (see plugin_registry.hpp, "Residual risk").
    auto digest = details::digest_file(canonical);
    if (!digest.ok()) return refused(digest.status().message());
    boost::dll::shared_library library;
    boost::dll::fs::error_code load_error;
    // rtld_now: a plugin with an unresolved symbol fails here rather than mid-scan.
    library.load(canonical, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                 load_error);
    if (load_error) {
      // Boost 1.74 reports every dlopen failure as bad_file_descriptor but leaves the
      // loader's own explanation (missing symbol, wrong ELF class...) in dlerror().
      const char* loader_message = ::dlerror();
      return refused(std::string("not a loadable shared library: ") +
                     (loader_message != nullptr ? loader_message : load_error.message()));
    }
    const auto after = details::stamp_of(canonical);
    const bool changed = !after || !after->same_as(digest->stamp);
    found = store.libraries
                .emplace(canonical.string(),
                         LoadedLibrary{std::move(library), std::move(digest->sha256), changed})
                .first;
  }
  if (found->second.changed_while_loading) {
    return refused(
        "the file changed while it was being loaded, so its digest may not describe the "
        "loaded code: refusing it (restart the process to load the new file)");
  }
  const boost::dll::shared_library& library = found->second.library;

  if (!library.has(VIGIL_PLUGIN_SYMBOL)) {
    return refused(std::string("no '") + VIGIL_PLUGIN_SYMBOL +
                   "' descriptor symbol: not a Vigil plugin");
  }
  const auto& descriptor = library.get<const vigil_plugin_descriptor>(VIGIL_PLUGIN_SYMBOL);
  // Version and size first: nothing else in the descriptor is meaningful until they match.
  if (descriptor.abi_version < VIGIL_PLUGIN_ABI_MIN_VERSION ||
      descriptor.abi_version > VIGIL_PLUGIN_ABI_VERSION) {
    return refused("plugin ABI version " + std::to_string(descriptor.abi_version) +
                   " is not supported (this host loads versions " +
                   std::to_string(VIGIL_PLUGIN_ABI_MIN_VERSION) + " to " +
                   std::to_string(VIGIL_PLUGIN_ABI_VERSION) + ")");
  }
  if (descriptor.struct_size < sizeof(vigil_plugin_descriptor)) {
    return refused("descriptor struct_size " + std::to_string(descriptor.struct_size) +
                   " is smaller than this host's " +
                   std::to_string(sizeof(vigil_plugin_descriptor)) +
                   " bytes: built against an incompatible plugin_abi.h");
  }
  if (Status valid = validate_plugin_descriptor(descriptor); !valid.ok()) {
    return refused("invalid descriptor: " + valid.message());
  }
  return {&descriptor, {}, found->second.sha256};
}

PluginInfo describe(const vigil_plugin_descriptor& d, const fs::path& path, std::string sha256) {
  PluginInfo info;
  info.id = d.id;
  info.version = d.version;
  info.description = d.description != nullptr ? d.description : "";
  info.kind = d.kind == VIGIL_KIND_REPORTER ? PluginKind::reporter : PluginKind::detector;
  if ((d.media_types & VIGIL_MEDIA_IMAGE) != 0) info.media_types.emplace_back("image");
  if ((d.media_types & VIGIL_MEDIA_VIDEO) != 0) info.media_types.emplace_back("video");
  if ((d.media_types & VIGIL_MEDIA_BYTES) != 0) info.media_types.emplace_back("bytes");
  for (std::size_t i = 0; i < d.signal_type_count; ++i) {
    info.signal_types.emplace_back(d.signal_types[i]);
  }
  for (std::size_t i = 0; i < d.config_field_count; ++i) {
    const vigil_config_field& field = d.config_fields[i];
    ConfigFieldInfo out;
    out.name = field.name;
    out.type = details::setting_type_name(field.type);
    out.description = field.description != nullptr ? field.description : "";
    if (field.default_value != nullptr) out.default_value = field.default_value;
    out.required = field.required != 0;
    info.config_fields.push_back(std::move(out));
  }
  info.path = path;
  info.sha256 = std::move(sha256);
  return info;
}

std::vector<fs::path> plugin_files_in(const fs::path& directory) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".so" && entry.is_regular_file(error)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  return fs::equivalent(a, b, error) && !error;
}

const char* const kUntrustedSuffix =
    ": refusing an untrusted plugin file (allow with [engine] allow_untrusted_plugins = true)";

// The ids the installed plugin directory provides (the bundled plugins), each with its
// file, when that directory is searched; files the policy refuses provide nothing.
std::map<std::string, fs::path> bundled_plugins(const std::vector<fs::path>& directories,
                                                const PluginTrustPolicy& policy) {
  std::map<std::string, fs::path> bundled;
  const fs::path installed = PluginRegistry::installed_plugin_directory();
  if (installed.empty() ||
      std::none_of(directories.begin(), directories.end(),
                   [&](const fs::path& d) { return same_file(d, installed); })) {
    return bundled;
  }
  for (const fs::path& file : plugin_files_in(installed)) {
    if (!policy.allow_untrusted && !details::untrusted_plugin_file_reason(file).empty()) continue;
    LoadOutcome outcome = load_descriptor(file);
    if (outcome.descriptor != nullptr) bundled.emplace(outcome.descriptor->id, file);
  }
  return bundled;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

const char* to_string(PluginKind kind) noexcept {
  return kind == PluginKind::reporter ? "reporter" : "detector";
}

struct PluginRegistry::Impl {
  std::vector<PluginInfo> plugins;
  std::vector<SkippedPlugin> skipped;
  std::map<std::string, const vigil_plugin_descriptor*> descriptors;

  void skip(const fs::path& path, std::string reason,
            spdlog::level::level_enum level = spdlog::level::warn) {
    details::host_logger().log(level, "plugin skipped: {}: {}", path.string(), reason);
    skipped.push_back({path, std::move(reason)});
  }
};

PluginRegistry::PluginRegistry() : impl_(std::make_unique<Impl>()) {}
PluginRegistry::~PluginRegistry() = default;
PluginRegistry::PluginRegistry(PluginRegistry&&) noexcept = default;
PluginRegistry& PluginRegistry::operator=(PluginRegistry&&) noexcept = default;

PluginRegistry PluginRegistry::discover(const std::vector<fs::path>& directories) {
  return discover(directories, PluginTrustPolicy{});
}

PluginRegistry PluginRegistry::discover(const std::vector<fs::path>& directories,
                                        const PluginTrustPolicy& policy) {
  PluginRegistry registry;
  Impl& impl = *registry.impl_;
  const std::map<std::string, fs::path> bundled = bundled_plugins(directories, policy);
  std::set<std::string> taken_over;  // bundled ids a configured override took over
  for (const fs::path& directory : directories) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) {
      impl.skip(directory, "not a directory (or it does not exist)");
      continue;
    }
    for (const fs::path& file : plugin_files_in(directory)) {
      if (std::string why = details::untrusted_plugin_file_reason(file); !why.empty()) {
        if (!policy.allow_untrusted) {
          impl.skip(file, why + kUntrustedSuffix);
          continue;
        }
        details::host_logger().info("plugin file allowed by [engine] allow_untrusted_plugins: {}",
                                    why);
      }
      LoadOutcome outcome = load_descriptor(file);
      if (outcome.descriptor == nullptr) {
        impl.skip(file, std::move(outcome.skip_reason));
        continue;
      }
      const std::string id = outcome.descriptor->id;
      const auto bundled_id = bundled.find(id);
      const bool is_bundled_file =
          bundled_id != bundled.end() && same_file(bundled_id->second, file);
      if (const PluginInfo* first = registry.find(id)) {
        if (same_file(first->path, file)) {
          impl.skip(file, "already loaded: its directory is listed twice in the search path");
        } else if (is_bundled_file && taken_over.count(id) != 0) {
          // What the configuration asked for: not a warning.
          impl.skip(file,
                    "duplicate id '" + id + "': already provided by " + first->path.string() +
                        " (allowed by [engine] override)",
                    spdlog::level::info);
        } else {
          impl.skip(file, "duplicate id '" + id + "': already provided by " + first->path.string());
        }
        continue;
      }
      const bool takes_over = bundled_id != bundled.end() && !is_bundled_file;
      if (takes_over) {
        if (!contains(policy.overrides, id)) {
          impl.skip(file, "provides '" + id + "', the id of the bundled plugin " +
                              bundled_id->second.string() +
                              ": refusing to take it over (allow with [engine] override = [\"" +
                              id + "\"])");
          continue;
        }
      }
      if (auto pin = policy.sha256_pins.find(id); pin != policy.sha256_pins.end()) {
        if (details::normalized_sha256(pin->second) != outcome.sha256) {
          impl.skip(file, "SHA-256 " + outcome.sha256 + " differs from " + pin->second +
                              ", the digest [engine] plugin_sha256 pins for '" + id +
                              "': refusing it");
          continue;
        }
      }
      if (takes_over) taken_over.insert(id);
      impl.descriptors.emplace(id, outcome.descriptor);
      impl.plugins.push_back(describe(*outcome.descriptor, file, outcome.sha256));
      details::host_logger().debug("plugin loaded: {} {} from {}", id, outcome.descriptor->version,
                                   file.string());
    }
  }
  for (const std::string& id : policy.overrides) {
    if (taken_over.count(id) != 0) continue;
    details::host_logger().warn(
        "[engine] override names '{}', but no plugin took over a bundled plugin with that id: "
        "the setting has no effect",
        id);
  }
  for (const auto& [id, digest] : policy.sha256_pins) {
    if (registry.find(id) != nullptr) continue;
    details::host_logger().warn(
        "[engine] plugin_sha256 pins '{}', but no plugin with that id was loaded", id);
  }
  return registry;
}

fs::path PluginRegistry::installed_plugin_directory() {
  boost::dll::fs::error_code error;
  fs::path self = boost::dll::this_line_location(error);
  if (error) return {};
  // libvigil's path as the loader found it may be unresolved (/usr/local/bin/../lib when
  // found through $ORIGIN/../lib): resolve it, symbolic links and all, so the path the
  // user sees is the directory that is actually searched.
  fs::path directory = self.parent_path() / VIGIL_PLUGIN_SUBDIR;
  std::error_code ignored;
  fs::path resolved = fs::weakly_canonical(directory, ignored);
  return ignored ? directory.lexically_normal() : resolved;
}

std::vector<fs::path> PluginRegistry::default_search_path() {
  std::vector<fs::path> directories;
  if (const char* env = std::getenv("VIGIL_PLUGIN_PATH")) {
    std::string_view text(env);
    while (!text.empty()) {
      std::size_t colon = text.find(':');
      std::string_view item = text.substr(0, colon);
      if (!item.empty()) directories.emplace_back(item);
      if (colon == std::string_view::npos) break;
      text.remove_prefix(colon + 1);
    }
  }
  fs::path installed = installed_plugin_directory();
  if (!installed.empty()) directories.push_back(installed);
  return directories;
}

const std::vector<PluginInfo>& PluginRegistry::plugins() const noexcept { return impl_->plugins; }

const std::vector<SkippedPlugin>& PluginRegistry::skipped() const noexcept {
  return impl_->skipped;
}

const PluginInfo* PluginRegistry::find(const std::string& id) const noexcept {
  for (const PluginInfo& info : impl_->plugins) {
    if (info.id == id) return &info;
  }
  return nullptr;
}

Result<const vigil_plugin_descriptor*> PluginRegistry::descriptor(const std::string& id) const {
  auto found = impl_->descriptors.find(id);
  if (found == impl_->descriptors.end()) {
    return Status(ErrorCode::not_found, "no plugin with id '" + id + "' was found");
  }
  return found->second;
}

}  // namespace vigil
