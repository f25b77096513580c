// Internal: checks configured settings against a plugin's declared fields.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "vigil/config.hpp"
#include "vigil/plugin_abi.h"
#include "vigil/status.hpp"

namespace vigil::plugin_host {

struct ResolvedSetting {
  std::string name;
  std::string value;
};

// "string", "integer", "boolean", "string_list", "path" ("unknown" otherwise).
const char* setting_type_name(vigil_setting_type type);

// Rejects unknown names, wrong types and missing required fields (errors carry the
// setting's file:line: key), and fills in declared defaults. A relative path setting
// (given or default) is resolved against `base_directory` (the configuration file's
// directory; empty leaves it as given).
Result<std::vector<ResolvedSetting>> resolve_plugin_settings(
    const vigil_plugin_descriptor& descriptor, const std::vector<PluginSetting>& settings,
    const ConfigLocation& owner, const std::filesystem::path& base_directory);

}  // namespace vigil::plugin_host
