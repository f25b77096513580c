// The plugin registry: the only file in Vigil that knows Boost.DLL.
//
// Boost 1.74 spells the import API differently from newer Boost, so this file uses only
// shared_library's constructor, has() and get<T>(), and keeps library lifetimes in its
// own store (libraries are never unloaded).
#define BOOST_DLL_USE_STD_FS
#include "vigil/plugin_registry.hpp"

#include <dlfcn.h>
#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <map>
#include <mutex>
#include <system_error>

#include "log.hpp"
#include "plugin_settings.hpp"

namespace vigil {
namespace fs = std::filesystem;
namespace {

// Every library this process loaded, by canonical path. Never destroyed: code and data
// from a plugin may be referenced until the process exits.
struct LibraryStore {
  std::mutex mutex;  // serialises loading
  std::map<std::string, boost::dll::shared_library> libraries;
};

LibraryStore& library_store() {
  static auto* store = new LibraryStore();
  return *store;
}

struct LoadOutcome {
  const vigil_plugin_descriptor* descriptor = nullptr;
  std::string skip_reason;
};

// Loads `path` (or reuses it) and returns its checked descriptor, or why it was skipped.
LoadOutcome load_descriptor(const fs::path& path) {
  LibraryStore& store = library_store();
  std::lock_guard lock(store.mutex);

  std::error_code fs_error;
  fs::path canonical = fs::canonical(path, fs_error);
  if (fs_error) return {nullptr, "cannot resolve path: " + fs_error.message()};

  auto found = store.libraries.find(canonical.string());
  if (found == store.libraries.end()) {
    boost::dll::shared_library library;
    boost::dll::fs::error_code load_error;
    // rtld_now: a plugin with an unresolved symbol fails here rather than mid-scan.
    library.load(canonical, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                 load_error);
    if (load_error) {
      // Boost 1.74 reports every dlopen failure as bad_file_descriptor but leaves the
      // loader's own explanation (missing symbol, wrong ELF class...) in dlerror().
      const char* loader_message = ::dlerror();
      return {nullptr, std::string("not a loadable shared library: ") +
                           (loader_message != nullptr ? loader_message : load_error.message())};
    }
    found = store.libraries.emplace(canonical.string(), std::move(library)).first;
  }
  const boost::dll::shared_library& library = found->second;

  if (!library.has(VIGIL_PLUGIN_SYMBOL)) {
    return {nullptr,
            std::string("no '") + VIGIL_PLUGIN_SYMBOL + "' descriptor symbol: not a Vigil plugin"};
  }
  const auto& descriptor = library.get<const vigil_plugin_descriptor>(VIGIL_PLUGIN_SYMBOL);
  // Version and size first: nothing else in the descriptor is meaningful until they match.
  if (descriptor.abi_version < VIGIL_PLUGIN_ABI_MIN_VERSION ||
      descriptor.abi_version > VIGIL_PLUGIN_ABI_VERSION) {
    return {nullptr, "plugin ABI version " + std::to_string(descriptor.abi_version) +
                         " is not supported (this host loads versions " +
                         std::to_string(VIGIL_PLUGIN_ABI_MIN_VERSION) + " to " +
                         std::to_string(VIGIL_PLUGIN_ABI_VERSION) + ")"};
  }
  if (descriptor.struct_size < sizeof(vigil_plugin_descriptor)) {
    return {nullptr, "descriptor struct_size " + std::to_string(descriptor.struct_size) +
                         " is smaller than this host's " +
                         std::to_string(sizeof(vigil_plugin_descriptor)) +
                         " bytes: built against an incompatible plugin_abi.h"};
  }
  if (Status valid = validate_plugin_descriptor(descriptor); !valid.ok()) {
    return {nullptr, "invalid descriptor: " + valid.message()};
  }
  return {&descriptor, {}};
}

PluginInfo describe(const vigil_plugin_descriptor& d, const fs::path& path) {
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

}  // namespace

const char* to_string(PluginKind kind) noexcept {
  return kind == PluginKind::reporter ? "reporter" : "detector";
}

struct PluginRegistry::Impl {
  std::vector<PluginInfo> plugins;
  std::vector<SkippedPlugin> skipped;
  std::map<std::string, const vigil_plugin_descriptor*> descriptors;

  void skip(const fs::path& path, std::string reason) {
    details::host_logger().warn("plugin skipped: {}: {}", path.string(), reason);
    skipped.push_back({path, std::move(reason)});
  }
};

PluginRegistry::PluginRegistry() : impl_(std::make_unique<Impl>()) {}
PluginRegistry::~PluginRegistry() = default;
PluginRegistry::PluginRegistry(PluginRegistry&&) noexcept = default;
PluginRegistry& PluginRegistry::operator=(PluginRegistry&&) noexcept = default;

PluginRegistry PluginRegistry::discover(const std::vector<fs::path>& directories) {
  PluginRegistry registry;
  Impl& impl = *registry.impl_;
  for (const fs::path& directory : directories) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) {
      impl.skip(directory, "not a directory (or it does not exist)");
      continue;
    }
    for (const fs::path& file : plugin_files_in(directory)) {
      LoadOutcome outcome = load_descriptor(file);
      if (outcome.descriptor == nullptr) {
        impl.skip(file, std::move(outcome.skip_reason));
        continue;
      }
      const std::string id = outcome.descriptor->id;
      if (const PluginInfo* first = registry.find(id)) {
        std::error_code same_error;
        impl.skip(file,
                  fs::equivalent(first->path, file, same_error)
                      ? "already loaded: its directory is listed twice in the search path"
                      : "duplicate id '" + id + "': already provided by " + first->path.string());
        continue;
      }
      impl.descriptors.emplace(id, outcome.descriptor);
      impl.plugins.push_back(describe(*outcome.descriptor, file));
      details::host_logger().debug("plugin loaded: {} {} from {}", id, outcome.descriptor->version,
                                   file.string());
    }
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
