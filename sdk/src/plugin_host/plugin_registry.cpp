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
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
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
  // The host's checked copies of the library's descriptors (see plugin_abi.h, "Sizes"),
  // or why the library is refused. Read once, when the library is loaded.
  std::vector<std::unique_ptr<const vigil_plugin_descriptor>> descriptors;
  std::string refusal;
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
  std::vector<const vigil_plugin_descriptor*> descriptors;
  std::string skip_reason;
  std::string sha256;  // of the loaded file
};

LoadOutcome refused(std::string reason) { return {{}, std::move(reason), {}}; }

// Why this host does not load plugins of ABI `version` (plugin_abi.h, "Versions"), or "".
std::string unsupported_abi_version(std::uint32_t version) {
  const std::string range = "this host loads versions " +
                            std::to_string(VIGIL_PLUGIN_ABI_MIN_VERSION) + " to " +
                            std::to_string(VIGIL_PLUGIN_ABI_VERSION);
  const std::uint32_t major = VIGIL_PLUGIN_ABI_MAJOR_OF(version);
  if (major != VIGIL_PLUGIN_ABI_MAJOR) {
    return "plugin ABI version " + std::to_string(version) + " (major " + std::to_string(major) +
           ", minor " + std::to_string(VIGIL_PLUGIN_ABI_MINOR_OF(version)) +
           ") is not supported: its major version differs from this host's " +
           std::to_string(VIGIL_PLUGIN_ABI_MAJOR) + " (" + range + ")";
  }
  if (version < VIGIL_PLUGIN_ABI_MIN_VERSION || version > VIGIL_PLUGIN_ABI_VERSION) {
    return "plugin ABI version " + std::to_string(version) + " is not supported (" + range + ")";
  }
  return {};
}

// How many leading bytes of a descriptor of `struct_size` bytes hold whole fields: the end
// of the longest layout (minor version) that fits. A size between two layouts (a plugin
// built against a header that was never released) must not leave half a pointer behind.
std::size_t complete_fields_size(std::size_t struct_size) {
  constexpr std::size_t kLayoutEnds[] = {
      VIGIL_PLUGIN_DESCRIPTOR_MIN_SIZE,                                     // minors 2..4
      offsetof(vigil_plugin_descriptor, deprecated) + sizeof(const char*),  // minor 5
  };
  static_assert(kLayoutEnds[1] == sizeof(vigil_plugin_descriptor),
                "a field was appended to vigil_plugin_descriptor: add its layout end here");
  std::size_t complete = 0;
  for (std::size_t end : kLayoutEnds) {
    if (end <= struct_size) complete = end;
  }
  return complete;
}

// The host's copy of a plugin's descriptor: its version and size checked first, then
// the fields wholly inside struct_size copied and the rest zero, so fields the plugin's
// layout does not have read as absent; then its contents checked.
Result<std::unique_ptr<const vigil_plugin_descriptor>> host_copy(
    const vigil_plugin_descriptor* raw) {
  if (raw == nullptr) return Status(ErrorCode::plugin_error, "null descriptor");
  if (std::string why = unsupported_abi_version(raw->abi_version); !why.empty()) {
    return Status(ErrorCode::plugin_error, std::move(why));
  }
  if (raw->struct_size < VIGIL_PLUGIN_DESCRIPTOR_MIN_SIZE) {
    return Status(ErrorCode::plugin_error,
                  "descriptor struct_size " + std::to_string(raw->struct_size) +
                      " is smaller than this host's minimum of " +
                      std::to_string(VIGIL_PLUGIN_DESCRIPTOR_MIN_SIZE) +
                      " bytes: built against an incompatible plugin_abi.h");
  }
  auto copy = std::make_unique<vigil_plugin_descriptor>();  // value-initialised: all zero
  std::memcpy(copy.get(), raw, complete_fields_size(raw->struct_size));
  if (Status valid = validate_plugin_descriptor(*copy); !valid.ok()) {
    return Status(ErrorCode::plugin_error, "invalid descriptor: " + valid.message());
  }
  return std::unique_ptr<const vigil_plugin_descriptor>(std::move(copy));
}

// The descriptors `library` exports (pointers into it): its `vigil_plugins` table, else
// its single `vigil_plugin`; or why it exports none the host can use.
Result<std::vector<const vigil_plugin_descriptor*>> exported_descriptors(
    const boost::dll::shared_library& library) {
  auto fail = [](std::string why) { return Status(ErrorCode::plugin_error, std::move(why)); };
  const vigil_plugin_descriptor* single = nullptr;
  if (library.has(VIGIL_PLUGIN_SYMBOL)) {
    single = &library.get<const vigil_plugin_descriptor>(VIGIL_PLUGIN_SYMBOL);
  }
  if (!library.has(VIGIL_PLUGIN_TABLE_SYMBOL)) {
    if (single == nullptr) {
      return fail(std::string("no '") + VIGIL_PLUGIN_SYMBOL +
                  "' descriptor symbol: not a Vigil plugin (nor a '" + VIGIL_PLUGIN_TABLE_SYMBOL +
                  "' table)");
    }
    return std::vector<const vigil_plugin_descriptor*>{single};
  }
  const std::string table_name = std::string("'") + VIGIL_PLUGIN_TABLE_SYMBOL + "' table";
  const auto& table = library.get<const vigil_plugin_table>(VIGIL_PLUGIN_TABLE_SYMBOL);
  if (std::string why = unsupported_abi_version(table.abi_version); !why.empty()) {
    return fail(table_name + ": " + why);
  }
  if (table.struct_size < sizeof(vigil_plugin_table)) {
    return fail(table_name + " struct_size " + std::to_string(table.struct_size) +
                " is smaller than this host's " + std::to_string(sizeof(vigil_plugin_table)) +
                " bytes: built against an incompatible plugin_abi.h");
  }
  if (table.count == 0 || table.count > VIGIL_PLUGIN_TABLE_MAX || table.descriptors == nullptr) {
    return fail(table_name + " lists " + std::to_string(table.count) + " descriptors (want 1 to " +
                std::to_string(VIGIL_PLUGIN_TABLE_MAX) + ")");
  }
  std::vector<const vigil_plugin_descriptor*> entries(table.descriptors,
                                                      table.descriptors + table.count);
  if (single != nullptr && std::find(entries.begin(), entries.end(), single) == entries.end()) {
    return fail(std::string("exports both '") + VIGIL_PLUGIN_SYMBOL + "' and " + table_name +
                ", but that descriptor is not in the table");
  }
  return entries;
}

// Reads and checks every descriptor `library` exports into `loaded`.
void read_plugins(LoadedLibrary& loaded) {
  auto exported = exported_descriptors(loaded.library);
  if (!exported.ok()) {
    loaded.refusal = exported.status().message();
    return;
  }
  const bool from_table = loaded.library.has(VIGIL_PLUGIN_TABLE_SYMBOL);
  std::set<std::string> ids;
  std::vector<std::unique_ptr<const vigil_plugin_descriptor>> copies;
  for (std::size_t i = 0; i < exported->size(); ++i) {
    auto copy = host_copy((*exported)[i]);
    const std::string where = from_table ? "descriptor " + std::to_string(i) + " of the '" +
                                               VIGIL_PLUGIN_TABLE_SYMBOL + "' table: "
                                         : "";
    if (!copy.ok()) {
      loaded.refusal = where + copy.status().message();
      return;
    }
    if (!ids.insert((*copy)->id).second) {
      loaded.refusal = where + "id '" + std::string((*copy)->id) + "' is listed twice";
      return;
    }
    copies.push_back(std::move(*copy));
  }
  loaded.descriptors = std::move(copies);
}

// Hashes and loads `path` (or reuses it) and returns its checked descriptors and digest,
// or why it was skipped.
LoadOutcome load_descriptors(const fs::path& path) {
  LibraryStore& store = library_store();
  std::lock_guard lock(store.mutex);

  std::error_code fs_error;
  fs::path canonical = fs::canonical(path, fs_error);
  if (fs_error) return refused("cannot resolve path: " + fs_error.message());

  auto found = store.libraries.find(canonical.string());
  if (found == store.libraries.end()) {
    // Hash first, then load by the same path; the identity check below notices a file
    // replaced in between (see plugin_registry.hpp, "Residual risk").
    auto digest = plugin_host::digest_file(canonical);
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
    const auto after = plugin_host::stamp_of(canonical);
    const bool changed = !after || !after->same_as(digest->stamp);
    found =
        store.libraries
            .emplace(canonical.string(),
                     LoadedLibrary{std::move(library), std::move(digest->sha256), changed, {}, {}})
            .first;
    // Versions and sizes first: nothing else in a descriptor is meaningful until they fit.
    if (!changed) read_plugins(found->second);
  }
  const LoadedLibrary& loaded = found->second;
  if (loaded.changed_while_loading) {
    return refused(
        "the file changed while it was being loaded, so its digest may not describe the "
        "loaded code: refusing it (restart the process to load the new file)");
  }
  if (!loaded.refusal.empty()) return refused(loaded.refusal);
  LoadOutcome outcome;
  for (const auto& descriptor : loaded.descriptors) outcome.descriptors.push_back(descriptor.get());
  outcome.sha256 = loaded.sha256;
  return outcome;
}

PluginInfo describe(const vigil_plugin_descriptor& d, const fs::path& path, std::string sha256) {
  PluginInfo info;
  info.id = d.id;
  info.version = d.version;
  info.description = d.description != nullptr ? d.description : "";
  info.kind = d.kind == VIGIL_KIND_REPORTER ? PluginKind::reporter : PluginKind::detector;
  if (d.deprecated != nullptr) info.deprecated = d.deprecated;
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
    out.type = plugin_host::setting_type_name(field.type);
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
    if (!policy.allow_untrusted && !plugin_host::untrusted_plugin_file_reason(file).empty())
      continue;
    for (const vigil_plugin_descriptor* descriptor : load_descriptors(file).descriptors) {
      bundled.emplace(descriptor->id, file);
    }
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
  std::size_t current_file_skips = 0;  // skipped.size() when the current file began

  void skip(const fs::path& path, std::string reason,
            spdlog::level::level_enum level = spdlog::level::warn) {
    // Several plugins of one library can be skipped for the same reason: list it once.
    for (std::size_t i = current_file_skips; i < skipped.size(); ++i) {
      if (skipped[i].path == path && skipped[i].reason == reason) return;
    }
    logging::host_logger().log(level, "plugin skipped: {}: {}", path.string(), reason);
    skipped.push_back({path, std::move(reason)});
  }

  const PluginInfo* find(const std::string& id) const {
    for (const PluginInfo& info : plugins) {
      if (info.id == id) return &info;
    }
    return nullptr;
  }

  // Registers one checked descriptor of `file` under the policy's id rules, or skips it.
  void add(const vigil_plugin_descriptor& descriptor, const fs::path& file,
           const std::string& sha256, const std::map<std::string, fs::path>& bundled,
           const PluginTrustPolicy& policy, std::set<std::string>& taken_over) {
    const std::string id = descriptor.id;
    const auto bundled_id = bundled.find(id);
    const bool is_bundled_file = bundled_id != bundled.end() && same_file(bundled_id->second, file);
    if (const PluginInfo* first = find(id)) {
      if (same_file(first->path, file)) {
        skip(file, "already loaded: its directory is listed twice in the search path");
      } else if (is_bundled_file && taken_over.count(id) != 0) {
        // What the configuration asked for: not a warning.
        skip(file,
             "duplicate id '" + id + "': already provided by " + first->path.string() +
                 " (allowed by [engine] override)",
             spdlog::level::info);
      } else {
        skip(file, "duplicate id '" + id + "': already provided by " + first->path.string());
      }
      return;
    }
    const bool takes_over = bundled_id != bundled.end() && !is_bundled_file;
    if (takes_over && !contains(policy.overrides, id)) {
      skip(file,
           "provides '" + id + "', the id of the bundled plugin " + bundled_id->second.string() +
               ": refusing to take it over (allow with [engine] override = [\"" + id + "\"])");
      return;
    }
    if (auto pin = policy.sha256_pins.find(id); pin != policy.sha256_pins.end()) {
      if (plugin_host::normalized_sha256(pin->second) != sha256) {
        skip(file, "SHA-256 " + sha256 + " differs from " + pin->second +
                       ", the digest [engine] plugin_sha256 pins for '" + id + "': refusing it");
        return;
      }
    }
    if (takes_over) taken_over.insert(id);
    descriptors.emplace(id, &descriptor);
    plugins.push_back(describe(descriptor, file, sha256));
    logging::host_logger().debug("plugin loaded: {} {} from {}", id, descriptor.version,
                                 file.string());
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
      if (std::string why = plugin_host::untrusted_plugin_file_reason(file); !why.empty()) {
        if (!policy.allow_untrusted) {
          impl.skip(file, why + kUntrustedSuffix);
          continue;
        }
        logging::host_logger().info("plugin file allowed by [engine] allow_untrusted_plugins: {}",
                                    why);
      }
      LoadOutcome outcome = load_descriptors(file);
      if (outcome.descriptors.empty()) {
        impl.skip(file, std::move(outcome.skip_reason));
        continue;
      }
      impl.current_file_skips = impl.skipped.size();
      for (const vigil_plugin_descriptor* descriptor : outcome.descriptors) {
        impl.add(*descriptor, file, outcome.sha256, bundled, policy, taken_over);
      }
    }
  }
  for (const std::string& id : policy.overrides) {
    if (taken_over.count(id) != 0) continue;
    logging::host_logger().warn(
        "[engine] override names '{}', but no plugin took over a bundled plugin with that id: "
        "the setting has no effect",
        id);
  }
  for (const auto& [id, digest] : policy.sha256_pins) {
    if (registry.find(id) != nullptr) continue;
    logging::host_logger().warn(
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
