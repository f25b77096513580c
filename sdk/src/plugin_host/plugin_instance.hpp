// Internal: one created plugin instance (detector or reporter) and the host services it
// was given. Creating it calls the plugin's create() with validated settings, converting
// every failure (error status, escaped exception, no instance) into plugin_error; the
// destructor calls the plugin's own destroy(). The plugin logs through host_api(), which
// forwards to a spdlog logger named after the plugin id.
#pragma once

#include <spdlog/logger.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "plugin_settings.hpp"
#include "vigil/plugin_abi.h"
#include "vigil/status.hpp"

namespace vigil::plugin_host {

inline constexpr std::size_t kPluginMessageCapacity = 1024;
using PluginMessage = std::array<char, kPluginMessageCapacity>;

// The text a plugin wrote into `buffer`, terminated even if the plugin did not.
std::string message_from(PluginMessage& buffer);
// "invalid argument", "retry later", ... for a vigil_status.
std::string status_name(vigil_status status);

class PluginInstance {
 public:
  static Result<std::unique_ptr<PluginInstance>> create(
      const vigil_plugin_descriptor& descriptor, const std::vector<ResolvedSetting>& settings);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const vigil_plugin_descriptor& descriptor() const { return descriptor_; }
  const std::string& id() const { return id_; }
  void* handle() const { return instance_; }

 private:
  explicit PluginInstance(const vigil_plugin_descriptor& descriptor);
  static void log_from_plugin(void* context, vigil_log_level level, const char* message);

  const vigil_plugin_descriptor& descriptor_;
  std::string id_;
  std::shared_ptr<spdlog::logger> logger_;
  vigil_host_api host_api_{};
  void* instance_ = nullptr;
};

}  // namespace vigil::plugin_host
