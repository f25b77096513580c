#include "signal_type_check.hpp"

#include "vigil/plugin_registry.hpp"

namespace vigil::cli {

UndeclaredTypes undeclared_signal_types(const std::vector<ImportBatch>& batches,
                                        const std::vector<std::filesystem::path>& plugin_path) {
  std::vector<std::filesystem::path> search = plugin_path;
  for (auto& directory : PluginRegistry::default_search_path()) search.push_back(directory);
  const PluginRegistry registry = PluginRegistry::discover(search);

  UndeclaredTypes result;
  for (const PluginInfo& plugin : registry.plugins()) {
    if (plugin.kind != PluginKind::detector) continue;
    result.declared.insert(plugin.signal_types.begin(), plugin.signal_types.end());
  }
  for (const ImportBatch& batch : batches) {
    for (const BankEntry& entry : batch.entries) {
      if (result.declared.count(entry.signal_type) == 0) {
        ++result.entries_by_type[entry.signal_type];
      }
    }
  }
  return result;
}

std::string describe(const UndeclaredTypes& undeclared) {
  std::string declared;
  for (const std::string& type : undeclared.declared) {
    declared += (declared.empty() ? "" : ", ") + type;
  }
  std::string text;
  for (const auto& [type, count] : undeclared.entries_by_type) {
    text += "  " + std::to_string(count) + (count == 1 ? " entry" : " entries") + " of type '" +
            type + "'\n";
  }
  return text + "no installed detector plugin computes these types (they declare: " +
         (declared.empty() ? std::string("none") : declared) +
         "), so such entries can never match: check the list's types, or install the plugin "
         "that computes them\n";
}

}  // namespace vigil::cli
