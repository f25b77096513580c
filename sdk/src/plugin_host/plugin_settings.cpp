#include "plugin_settings.hpp"

#include <filesystem>
#include <set>
#include <string_view>

namespace vigil::plugin_host {

const char* setting_type_name(vigil_setting_type type) {
  switch (type) {
    case VIGIL_SETTING_STRING:
      return "string";
    case VIGIL_SETTING_INTEGER:
      return "integer";
    case VIGIL_SETTING_BOOLEAN:
      return "boolean";
    case VIGIL_SETTING_STRING_LIST:
      return "string_list";
    case VIGIL_SETTING_PATH:
      return "path";
  }
  return "unknown";
}

namespace {

// The TOML type a setting of `type` is written as.
std::string_view toml_type_of(vigil_setting_type type) {
  return type == VIGIL_SETTING_PATH ? "string" : setting_type_name(type);
}

// A path setting's value as create() sees it: relative to `base_directory`.
std::string resolved_path(const std::string& value, const std::filesystem::path& base_directory) {
  if (value.empty() || base_directory.empty() || std::filesystem::path(value).is_absolute()) {
    return value;
  }
  return (base_directory / value).lexically_normal().string();
}

const vigil_config_field* find_field(const vigil_plugin_descriptor& d, const std::string& name) {
  for (std::size_t i = 0; i < d.config_field_count; ++i) {
    if (name == d.config_fields[i].name) return &d.config_fields[i];
  }
  return nullptr;
}

std::string accepted_names(const vigil_plugin_descriptor& d) {
  if (d.config_field_count == 0) return "it takes no settings";
  std::string names = "accepted: ";
  for (std::size_t i = 0; i < d.config_field_count; ++i) {
    if (i > 0) names += ", ";
    names += d.config_fields[i].name;
  }
  return names;
}

}  // namespace

Result<std::vector<ResolvedSetting>> resolve_plugin_settings(
    const vigil_plugin_descriptor& descriptor, const std::vector<PluginSetting>& settings,
    const ConfigLocation& owner, const std::filesystem::path& base_directory) {
  std::vector<ResolvedSetting> resolved;
  std::set<std::string> given;
  for (const PluginSetting& setting : settings) {
    const vigil_config_field* field = find_field(descriptor, setting.name);
    if (field == nullptr) {
      return Status(ErrorCode::config_error, setting.location.to_string() +
                                                 ": unknown setting for plugin '" + descriptor.id +
                                                 "' (" + accepted_names(descriptor) + ")");
    }
    // A single string is accepted where a list is expected (a list of one).
    const bool type_ok =
        setting.toml_type == toml_type_of(field->type) ||
        (field->type == VIGIL_SETTING_STRING_LIST && setting.toml_type == "string");
    if (!type_ok) {
      return Status(ErrorCode::config_error, setting.location.to_string() + ": expected " +
                                                 std::string(toml_type_of(field->type)) + ", got " +
                                                 setting.toml_type);
    }
    given.insert(setting.name);
    resolved.push_back({setting.name, field->type == VIGIL_SETTING_PATH
                                          ? resolved_path(setting.value, base_directory)
                                          : setting.value});
  }
  for (std::size_t i = 0; i < descriptor.config_field_count; ++i) {
    const vigil_config_field& field = descriptor.config_fields[i];
    if (given.count(field.name) != 0) continue;
    if (field.default_value != nullptr) {
      resolved.push_back({field.name, field.type == VIGIL_SETTING_PATH
                                          ? resolved_path(field.default_value, base_directory)
                                          : std::string(field.default_value)});
    } else if (field.required != 0) {
      return Status(ErrorCode::config_error, owner.to_string() + ": missing required setting '" +
                                                 field.name + "' for plugin '" + descriptor.id +
                                                 "'");
    }
  }
  return resolved;
}

}  // namespace vigil::plugin_host
