// Internal: checks configured settings against a plugin's declared fields.
#pragma once

#include <string>
#include <vector>

#include "vigil/config.hpp"
#include "vigil/plugin_abi.h"
#include "vigil/status.hpp"

namespace vigil::details {

struct ResolvedSetting {
  std::string name;
  std::string value;
};

// Rejects unknown names, wrong types and missing required fields (errors carry the
// setting's file:line: key), and fills in declared defaults.
Result<std::vector<ResolvedSetting>> resolve_plugin_settings(
    const vigil_plugin_descriptor& descriptor, const std::vector<PluginSetting>& settings,
    const ConfigLocation& owner);

}  // namespace vigil::details
