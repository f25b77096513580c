// `vigil plugins [--config FILE] [--json]`: what the plugin search finds (with each file's
// SHA-256, for [engine] plugin_sha256), and why any file was skipped. Without --config the
// strict default trust policy applies; with it, the file's plugin_path and [engine] trust
// settings, as the engine applies them.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "vigil/config.hpp"
#include "vigil/plugin_registry.hpp"

namespace vigil::cli {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text.empty() ? "-" : text;
}

nlohmann::json to_json(const PluginInfo& plugin) {
  nlohmann::json fields = nlohmann::json::array();
  for (const ConfigFieldInfo& field : plugin.config_fields) {
    nlohmann::json entry = {{"name", field.name},
                            {"type", field.type},
                            {"description", field.description},
                            {"required", field.required}};
    entry["default"] = field.default_value ? nlohmann::json(*field.default_value) : nullptr;
    fields.push_back(std::move(entry));
  }
  nlohmann::json out = {{"id", plugin.id},
                        {"version", plugin.version},
                        {"kind", to_string(plugin.kind)},
                        {"description", plugin.description},
                        {"media_types", plugin.media_types},
                        {"signal_types", plugin.signal_types},
                        {"config_fields", fields},
                        {"path", plugin.path.string()},
                        {"sha256", plugin.sha256}};
  if (!plugin.deprecated.empty()) out["deprecated"] = plugin.deprecated;
  return out;
}

void print_json(const PluginRegistry& registry, const std::vector<std::filesystem::path>& search) {
  nlohmann::json out = {{"plugins", nlohmann::json::array()},
                        {"skipped", nlohmann::json::array()},
                        {"search_path", nlohmann::json::array()}};
  for (const auto& plugin : registry.plugins()) out["plugins"].push_back(to_json(plugin));
  for (const auto& skipped : registry.skipped()) {
    out["skipped"].push_back({{"path", skipped.path.string()}, {"reason", skipped.reason}});
  }
  for (const auto& directory : search) out["search_path"].push_back(directory.string());
  std::cout << out.dump(2) << "\n";
}

void print_table(const PluginRegistry& registry) {
  std::size_t id_width = 2;
  for (const auto& plugin : registry.plugins()) id_width = std::max(id_width, plugin.id.size());
  std::cout << std::left << std::setw(static_cast<int>(id_width) + 2) << "ID" << std::setw(10)
            << "VERSION" << std::setw(10) << "KIND" << std::setw(13) << "MEDIA" << std::setw(14)
            << "SHA256"
            << "PATH\n";
  for (const auto& plugin : registry.plugins()) {
    std::cout << std::setw(static_cast<int>(id_width) + 2) << plugin.id << std::setw(10)
              << plugin.version << std::setw(10) << to_string(plugin.kind) << std::setw(13)
              << join(plugin.media_types) << std::setw(14) << plugin.sha256.substr(0, 12)
              << plugin.path.string() << "\n";
  }
  if (registry.plugins().empty()) std::cout << "(no plugins found)\n";
  if (!registry.skipped().empty()) {
    std::cout << "\nskipped:\n";
    for (const auto& skipped : registry.skipped()) {
      std::cout << "  " << skipped.path.string() << ": " << skipped.reason << "\n";
    }
  }
}

}  // namespace

void add_plugins_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* command = app.add_subcommand(
      "plugins", "list the plugins found on the search path and why any file was skipped");
  auto json = std::make_shared<bool>(false);
  auto config_file = std::make_shared<std::string>();
  command->add_flag("--json", *json, "print JSON instead of a table");
  command->add_option("--config", *config_file,
                      "apply this file's [engine] plugin_path and plugin trust settings");
  command->callback([&global, &exit_code, json, config_file] {
    std::vector<std::filesystem::path> search = global.plugin_path;
    PluginTrustPolicy policy;  // the strict default
    if (!config_file->empty()) {
      auto config = load_engine_config(*config_file);
      if (!config.ok()) {
        std::cerr << "vigil plugins: " << config.status().to_string() << "\n";
        exit_code = 2;
        return;
      }
      search.insert(search.end(), config->plugin_path.begin(), config->plugin_path.end());
      policy = config->plugin_trust;
    }
    for (auto& directory : PluginRegistry::default_search_path()) search.push_back(directory);
    PluginRegistry registry = PluginRegistry::discover(search, policy);
    if (*json) {
      print_json(registry, search);
    } else {
      print_table(registry);
    }
    exit_code = 0;
  });
}

}  // namespace vigil::cli
