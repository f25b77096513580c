#include "bank_coverage.hpp"

#include <sstream>

#include "vigil/hashing.hpp"

#include "logging/log.hpp"

namespace vigil::engine {

std::set<std::string> emitted_signal_types(
    const vigil_plugin_descriptor& descriptor,
    const std::vector<plugin_host::ResolvedSetting>& settings) {
  std::set<std::string> declared;
  for (std::size_t i = 0; i < descriptor.signal_type_count; ++i) {
    declared.insert(descriptor.signal_types[i]);
  }
  if (std::string_view(descriptor.id) != kHashingPluginId) return declared;
  for (const plugin_host::ResolvedSetting& setting : settings) {
    if (setting.name != "signals") continue;
    std::set<std::string> chosen;
    std::istringstream list(setting.value);
    for (std::string type; std::getline(list, type, ',');) {
      if (declared.count(type) != 0) chosen.insert(type);
    }
    return chosen;
  }
  return declared;
}

void warn_about_unmatchable_entries(const std::vector<BankConfig>& configs,
                                    const std::vector<std::shared_ptr<const Bank>>& banks,
                                    const std::set<std::string>& emitted) {
  for (std::size_t i = 0; i < banks.size() && i < configs.size(); ++i) {
    for (const auto& [type, count] : banks[i]->info().counts) {
      if (emitted.count(type) != 0) continue;
      logging::host_logger().warn(
          "{}: bank '{}' holds {} '{}' entries, but no configured detector emits '{}': "
          "they can never match (configure a detector that does, or check the list's type)",
          configs[i].location.to_string(), configs[i].name, count, type, type);
    }
  }
}

}  // namespace vigil::engine
