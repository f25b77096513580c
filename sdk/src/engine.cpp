#include "vigil/engine.hpp"

#include <atomic>

#include "detector_host.hpp"
#include "log.hpp"
#include "plugin_settings.hpp"

namespace vigil {

struct Engine::Impl {
  EngineConfig config;
  PluginRegistry registry;
  std::vector<std::unique_ptr<details::DetectorHost>> detectors;
  std::atomic<bool> frozen{false};
};

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::create(const EngineConfig& config) {
  std::unique_ptr<Engine> engine(new Engine());
  Impl& impl = *engine->impl_;
  impl.config = config;

  std::vector<std::filesystem::path> search = config.plugin_path;
  for (auto& directory : PluginRegistry::default_search_path()) search.push_back(directory);
  impl.registry = PluginRegistry::discover(search);

  for (const DetectorConfig& detector : config.detectors) {
    auto descriptor = impl.registry.descriptor(detector.plugin);
    if (!descriptor.ok()) {
      std::string why = "no plugin '" + detector.plugin + "' was found";
      for (const SkippedPlugin& skipped : impl.registry.skipped()) {
        why += "; skipped " + skipped.path.string() + " (" + skipped.reason + ")";
      }
      return Status(ErrorCode::config_error, detector.location.to_string() + ": " + why);
    }
    if ((*descriptor)->kind != VIGIL_KIND_DETECTOR) {
      return Status(ErrorCode::config_error, detector.location.to_string() + ": plugin '" +
                                                 detector.plugin + "' is not a detector");
    }
    auto settings =
        details::resolve_plugin_settings(**descriptor, detector.settings, detector.location);
    if (!settings.ok()) return settings.status();
    auto host = details::DetectorHost::create(**descriptor, *settings);
    if (!host.ok()) return host.status().with_context(detector.location.to_string());
    impl.detectors.push_back(std::move(host).value());
  }
  details::host_logger().info("engine created with {} detector(s)", impl.detectors.size());
  return engine;
}

Result<std::unique_ptr<Engine>> Engine::from_config_file(const std::filesystem::path& path) {
  auto config = load_engine_config(path);
  if (!config.ok()) return config.status();
  return create(*config);
}

Status Engine::freeze() {
  impl_->frozen.store(true, std::memory_order_release);
  return Status::success();
}

bool Engine::frozen() const noexcept { return impl_->frozen.load(std::memory_order_acquire); }

Result<ScanResult> Engine::scan(const Media& media) const {
  if (!frozen()) {
    return Status(ErrorCode::invalid_argument, "call freeze() before scan()");
  }
  for (const Frame& frame : media.frames) {
    if (frame.data() == nullptr || frame.width == 0 || frame.height == 0 ||
        frame.stride < std::size_t{3} * frame.width) {
      return Status(ErrorCode::invalid_argument,
                    "media has a frame without pixels or with a stride shorter than its width");
    }
  }
  ScanResult result;
  for (const auto& detector : impl_->detectors) {
    if (!detector->accepts(media.type)) continue;
    if (Status status = detector->scan(media, result.signals); !status.ok()) {
      details::host_logger().warn("scan failed for content '{}': {}", media.metadata.content_id,
                                  status.message());
      return status;
    }
    result.signal_sources.resize(result.signals.size(), detector->id());
  }
  result.verdict = Verdict::allow;
  return result;
}

namespace {

DecodeLimits decode_limits(const DecodeConfig& config) {
  DecodeLimits limits;
  limits.max_encoded_bytes = static_cast<std::size_t>(config.max_bytes);
  limits.max_pixels = config.max_pixels;
  limits.max_dimension = config.max_dimension;
  return limits;
}

void merge_metadata(MediaMetadata& decoded, MediaMetadata given) {
  const int orientation = decoded.exif_orientation;
  std::string mime = std::move(decoded.mime_type);
  decoded = std::move(given);
  decoded.exif_orientation = orientation;
  if (decoded.mime_type.empty()) decoded.mime_type = std::move(mime);
}

}  // namespace

Result<ScanResult> Engine::scan_bytes(std::span<const std::uint8_t> bytes,
                                      MediaMetadata metadata) const {
  auto media = decode_image(bytes, decode_limits(impl_->config.decode));
  if (!media.ok()) return media.status();
  merge_metadata(media->metadata, std::move(metadata));
  media->source_view = bytes;
  return scan(*media);
}

Result<ScanResult> Engine::scan_file(const std::filesystem::path& path,
                                     MediaMetadata metadata) const {
  auto media = decode_image_file(path, decode_limits(impl_->config.decode));
  if (!media.ok()) return media.status();
  merge_metadata(media->metadata, std::move(metadata));
  return scan(*media);
}

const PluginRegistry& Engine::registry() const noexcept { return impl_->registry; }

std::vector<std::string> Engine::detector_ids() const {
  std::vector<std::string> ids;
  for (const auto& detector : impl_->detectors) ids.push_back(detector->id());
  return ids;
}

const EngineConfig& Engine::config() const noexcept { return impl_->config; }

}  // namespace vigil
