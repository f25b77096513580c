#include "vigil/hashing.hpp"

#include <algorithm>

namespace vigil {
namespace {

PluginSetting setting(std::string name, std::string value, std::string toml_type) {
  PluginSetting out;
  out.location = {"<hashing options>", 0, "detector[0]." + name};
  out.name = std::move(name);
  out.value = std::move(value);
  out.toml_type = std::move(toml_type);
  return out;
}

std::string comma_separated(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ",") + item;
  return joined;
}

}  // namespace

DetectorConfig hashing_detector_config(const HashingOptions& options) {
  DetectorConfig detector;
  detector.plugin = kHashingPluginId;
  detector.location = {"<hashing options>", 0, "detector[0]"};
  detector.settings.push_back(setting("signals", comma_separated(options.signals), "string_list"));
  detector.settings.push_back(setting("dihedral", options.dihedral ? "true" : "false", "boolean"));
  return detector;
}

EngineConfig hashing_engine_config(const HashingOptions& options) {
  EngineConfig config;
  config.detectors.push_back(hashing_detector_config(options));
  return config;
}

Status require_signals(const ScanResult& result, const std::vector<std::string>& types) {
  for (const std::string& type : types) {
    const bool present = std::any_of(result.signals.begin(), result.signals.end(),
                                     [&](const Signal& signal) { return signal.type == type; });
    if (present) continue;
    if (!result.errors.empty()) {
      const ScanError& error = result.errors.front();
      return Status(error.code, error.detector + ": " + error.message);
    }
    return Status(ErrorCode::not_found, "no " + type + " signal was computed");
  }
  return Status::success();
}

}  // namespace vigil
