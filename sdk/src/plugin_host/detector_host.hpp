// Internal: one created detector instance, called safely.
//
// Owns the plugin instance (destroyed through the plugin's own destroy()) and the host
// context its log calls go through. scan() converts everything the plugin can do wrong
// that the host can observe - an error status, an unknown status, an escaped exception
// caught by plugin.hpp's wrappers, a malformed or undeclared signal - into a
// detector_failed Status naming the plugin.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "plugin_instance.hpp"
#include "plugin_settings.hpp"
#include "vigil/media.hpp"
#include "vigil/plugin_abi.h"
#include "vigil/signal.hpp"
#include "vigil/status.hpp"

namespace vigil::plugin_host {

class DetectorHost {
 public:
  static Result<std::unique_ptr<DetectorHost>> create(const vigil_plugin_descriptor& descriptor,
                                                      const std::vector<ResolvedSetting>& settings);
  DetectorHost(const DetectorHost&) = delete;
  DetectorHost& operator=(const DetectorHost&) = delete;

  const std::string& id() const { return id_; }
  // Whether the plugin declared this media type (VIGIL_MEDIA_IMAGE / VIGIL_MEDIA_VIDEO).
  bool accepts(MediaType type) const;
  // Whether the plugin declared byte input (VIGIL_MEDIA_BYTES).
  bool accepts_bytes() const;
  // Whether scan() should be called for `media`: decoded media (with frames) goes to
  // plugins that accept its type or bytes; media without frames only to byte plugins.
  bool applies_to(const Media& media) const;

  // Appends this detector's signals to `out`; on failure `out` is left unchanged.
  Status scan(const Media& media, std::vector<Signal>& out) const;

 private:
  explicit DetectorHost(std::unique_ptr<PluginInstance> plugin);

  std::unique_ptr<PluginInstance> plugin_;
  const vigil_plugin_descriptor& descriptor_;
  std::string id_;
};

}  // namespace vigil::plugin_host
