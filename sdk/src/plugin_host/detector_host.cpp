#include "detector_host.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "logging/log.hpp"
#include "media_source.hpp"

namespace vigil::plugin_host {
namespace {

constexpr std::size_t kMaxSignalValue = 1 << 20;

// Collects signals from a plugin's emit() calls, refusing malformed ones.
struct SignalCollector {
  const vigil_plugin_descriptor* descriptor;
  std::vector<Signal> signals;
  std::string violation;  // first contract violation seen, if any

  bool declared(const char* type) const {
    for (std::size_t i = 0; i < descriptor->signal_type_count; ++i) {
      if (std::strcmp(descriptor->signal_types[i], type) == 0) return true;
    }
    return false;
  }

  vigil_status accept(const vigil_signal_out* out) {
    std::string problem;
    if (out == nullptr || out->type == nullptr || out->value == nullptr) {
      problem = "emitted a signal with a null type or value";
    } else if (!declared(out->type)) {
      problem = std::string("emitted undeclared signal type '") + out->type + "'";
    } else if (std::strlen(out->value) > kMaxSignalValue) {
      problem = "emitted a signal value over 1 MiB";
    } else if (out->quality < -1 || out->quality > 100) {
      problem = "emitted quality " + std::to_string(out->quality) + " outside -1..100";
    } else if (out->attribute_count > 0 && out->attributes == nullptr) {
      problem = "emitted attributes through a null pointer";
    }
    for (std::size_t i = 0; problem.empty() && i < out->attribute_count; ++i) {
      if (out->attributes[i].key == nullptr || out->attributes[i].value == nullptr) {
        problem = "emitted an attribute with a null key or value";
      }
    }
    if (!problem.empty()) {
      if (violation.empty()) violation = problem;
      return VIGIL_ERROR_INVALID_ARGUMENT;
    }
    Signal signal;
    signal.type = out->type;
    signal.value = out->value;
    if (out->quality >= 0) signal.quality = out->quality;
    for (std::size_t i = 0; i < out->attribute_count; ++i) {
      signal.attributes[out->attributes[i].key] = out->attributes[i].value;
    }
    signals.push_back(std::move(signal));
    return VIGIL_OK;
  }

  // Called from the plugin's (C) frames: nothing may unwind through them.
  static vigil_status emit(void* context, const vigil_signal_out* out) noexcept {
    auto* collector = static_cast<SignalCollector*>(context);
    try {
      return collector->accept(out);
    } catch (...) {
      // Copying the signal failed (out of memory): the scan cannot be trusted.
      if (collector->violation.empty()) {
        collector->violation = "emitted a signal the host could not copy (out of memory)";
      }
      return VIGIL_ERROR_FAILED;
    }
  }
};

}  // namespace

DetectorHost::DetectorHost(std::unique_ptr<PluginInstance> plugin)
    : plugin_(std::move(plugin)), descriptor_(plugin_->descriptor()), id_(plugin_->id()) {}

Result<std::unique_ptr<DetectorHost>> DetectorHost::create(
    const vigil_plugin_descriptor& descriptor, const std::vector<ResolvedSetting>& settings) {
  auto plugin = PluginInstance::create(descriptor, settings);
  if (!plugin.ok()) return plugin.status();
  return std::unique_ptr<DetectorHost>(new DetectorHost(std::move(plugin).value()));
}

bool DetectorHost::accepts(MediaType type) const {
  const std::uint32_t bit = type == MediaType::video ? VIGIL_MEDIA_VIDEO : VIGIL_MEDIA_IMAGE;
  return (descriptor_.media_types & bit) != 0;
}

bool DetectorHost::accepts_bytes() const {
  return (descriptor_.media_types & VIGIL_MEDIA_BYTES) != 0;
}

bool DetectorHost::applies_to(const Media& media) const {
  if (media.frames.empty()) return accepts_bytes();
  return accepts(media.type) || accepts_bytes();
}

Status DetectorHost::scan(const Media& media, std::vector<Signal>& out) const {
  MediaSource source(media);
  SignalCollector collector{&descriptor_, {}, {}};
  vigil_signal_sink sink{&collector, &SignalCollector::emit};
  PluginMessage message{};
  vigil_status status = VIGIL_ERROR_FAILED;
  try {
    status = descriptor_.detector->scan(plugin_->handle(), source.view(), &sink, message.data(),
                                        message.size());
  } catch (...) {
    // Only a plugin written against the raw C ABI can get here: plugin.hpp catches all.
    return Status(ErrorCode::detector_failed,
                  "detector '" + id_ + "' let an exception escape scan()");
  }
  if (!collector.violation.empty()) {
    return Status(ErrorCode::detector_failed,
                  "detector '" + id_ + "' broke the plugin contract: " + collector.violation);
  }
  if (status != VIGIL_OK) {
    return Status(ErrorCode::detector_failed,
                  "detector '" + id_ + "' " + status_name(status) + ": " + message_from(message));
  }
  std::move(collector.signals.begin(), collector.signals.end(), std::back_inserter(out));
  return Status::success();
}

}  // namespace vigil::plugin_host
