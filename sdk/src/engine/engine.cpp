#include "vigil/engine.hpp"

#include <algorithm>
#include <mutex>
#include <set>

#include "vigil/bank_store.hpp"

#include "bank_coverage.hpp"
#include "logging/log.hpp"
#include "plugin_host/detector_host.hpp"
#include "plugin_host/plugin_settings.hpp"
#include "plugin_host/registry_access.hpp"
#include "upload.hpp"

namespace vigil {

namespace {

// The banks in service: replaced whole, never modified, so a scan that loaded one sees
// one consistent version of every bank.
struct BankSet {
  std::vector<std::shared_ptr<const Bank>> banks;  // parallel to EngineConfig::banks
};

BankStore store_for(const BankConfig& bank) {
  return BankStore(bank.directory.empty() ? BankStore::default_directory() : bank.directory);
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

struct Engine::Impl {
  EngineConfig config;
  PluginRegistry registry;
  std::vector<std::unique_ptr<plugin_host::DetectorHost>> detectors;
  std::mutex bank_writers;  // serialises reload_banks / replace_bank

  // The bank set in service. A plain mutex guards the pointer (held only to copy or swap
  // it): libstdc++ 12's std::atomic<std::shared_ptr> uses a private spin lock that
  // ThreadSanitizer cannot see, and a scan's cost is hashing, not this.
  mutable std::mutex banks_mutex;
  std::shared_ptr<const BankSet> banks_in_service;

  std::shared_ptr<const BankSet> current_banks() const {
    std::lock_guard lock(banks_mutex);
    return banks_in_service;
  }
  void publish(std::shared_ptr<const BankSet> next) {
    std::lock_guard lock(banks_mutex);
    banks_in_service = std::move(next);
  }

  // True when some detector works on decoded pixels, so uploads are worth decoding.
  bool needs_pixels() const {
    return std::any_of(detectors.begin(), detectors.end(), [](const auto& detector) {
      return detector->accepts(MediaType::image) || detector->accepts(MediaType::video);
    });
  }

  // Runs every detector that applies to `media` (see DetectorHost::applies_to). A detector
  // that fails is recorded in result.errors; the others' signals still count.
  void run_detectors(const Media& media, ScanResult& result) const {
    for (const auto& detector : detectors) {
      if (!detector->applies_to(media)) continue;
      if (Status status = detector->scan(media, result.signals); !status.ok()) {
        logging::host_logger().warn("detector '{}' failed for content '{}': {}", detector->id(),
                                    media.metadata.content_id, status.message());
        result.errors.push_back({detector->id(), status.code(), status.message()});
        continue;
      }
      result.signal_sources.resize(result.signals.size(), detector->id());
    }
  }

  // Decodes the upload when some detector needs pixels, then runs the detectors: all of
  // them on a decoded image, only the byte-level ones on an upload that did not decode.
  ScanResult scan_upload(const engine::Upload& upload, MediaMetadata metadata) const;

  // Matches result.signals against one consistent set of banks, then decides.
  void match(ScanResult& result) const {
    const std::shared_ptr<const BankSet> set = current_banks();
    for (std::size_t i = 0; i < set->banks.size(); ++i) {
      const BankConfig& bank = config.banks[i];
      set->banks[i]->match(result.signals, {bank.pdq_max_distance, bank.pdq_min_quality},
                           result.matches);
    }
    decide(result);
  }

  // Applies the rules to `result.matches`, marking each match a rule fires on as acted on
  // (every match when there is no rule: then any match blocks).
  void decide(ScanResult& result) const {
    result.verdict = Verdict::allow;
    if (config.rules.empty()) {
      for (Match& match : result.matches) match.acted_on = true;
      if (!result.matches.empty()) result.verdict = Verdict::block;
      return;
    }
    for (Match& match : result.matches) match.acted_on = false;
    for (const RuleConfig& rule : config.rules) {
      bool fires = false;
      for (Match& match : result.matches) {
        if (contains(rule.banks, match.bank) &&
            (rule.signal_types.empty() || contains(rule.signal_types, match.signal_type)) &&
            (!rule.max_distance || match.distance <= *rule.max_distance)) {
          match.acted_on = true;
          fires = true;
        }
      }
      if (!fires) continue;
      result.verdict = std::max(result.verdict, rule.verdict);
      for (const std::string& reporter : rule.report_to) {
        if (!contains(result.report_to, reporter)) result.report_to.push_back(reporter);
      }
    }
  }
};

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::create(const EngineConfig& config) {
  std::unique_ptr<Engine> engine(new Engine());
  Impl& impl = *engine->impl_;
  impl.config = config;

  std::vector<std::filesystem::path> search = config.plugin_path;
  for (auto& directory : PluginRegistry::default_search_path()) search.push_back(directory);
  impl.registry = PluginRegistry::discover(search, config.plugin_trust);

  std::set<std::string> emitted;  // every signal type the configured detectors compute
  for (const DetectorConfig& detector : config.detectors) {
    auto descriptor = plugin_host::RegistryAccess::descriptor(impl.registry, detector.plugin);
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
    auto settings = plugin_host::resolve_plugin_settings(**descriptor, detector.settings,
                                                         detector.location, config.base_directory);
    if (!settings.ok()) return settings.status();
    emitted.merge(engine::emitted_signal_types(**descriptor, *settings));
    auto host = plugin_host::DetectorHost::create(**descriptor, *settings);
    if (!host.ok()) return host.status().with_context(detector.location.to_string());
    impl.detectors.push_back(std::move(host).value());
  }
  auto banks = std::make_shared<BankSet>();
  for (const BankConfig& bank : config.banks) {
    auto opened = store_for(bank).open(bank.name);
    if (!opened.ok()) return opened.status().with_context(bank.location.to_string());
    banks->banks.push_back(std::move(opened).value());
  }
  for (const RuleConfig& rule : config.rules) {
    for (const std::string& name : rule.banks) {
      const bool known = std::any_of(config.banks.begin(), config.banks.end(),
                                     [&](const BankConfig& bank) { return bank.name == name; });
      if (!known) {
        return Status(ErrorCode::config_error, rule.location.to_string() + ": bank '" + name +
                                                   "' is not configured in a [[bank]] table");
      }
    }
  }
  engine::warn_about_unmatchable_entries(config.banks, banks->banks, emitted);
  impl.publish(std::move(banks));
  logging::host_logger().info("engine created with {} detector(s) and {} bank(s)",
                              impl.detectors.size(), config.banks.size());
  return engine;
}

Result<std::unique_ptr<Engine>> Engine::from_config_file(const std::filesystem::path& path) {
  auto config = load_engine_config(path);
  if (!config.ok()) return config.status();
  return create(*config);
}

Status Engine::freeze() { return Status::success(); }

Result<ScanResult> Engine::scan(const Media& media) const {
  for (const Frame& frame : media.frames) {
    if (frame.data() == nullptr || frame.width == 0 || frame.height == 0 ||
        frame.stride < std::size_t{3} * frame.width) {
      return Status(ErrorCode::invalid_argument,
                    "media has a frame without pixels or with a stride shorter than its width");
    }
  }
  const bool has_bytes =
      media.source_bytes || media.source_view.data() != nullptr || media.source_path.has_value();
  if (media.frames.empty() && !has_bytes) {
    return Status(ErrorCode::invalid_argument, "media has neither frames nor raw bytes");
  }
  ScanResult result;
  impl_->run_detectors(media, result);
  impl_->match(result);
  return result;
}

Result<ScanResult> Engine::match_signals(std::vector<Signal> signals) const {
  ScanResult result;
  result.signals = std::move(signals);
  result.signal_sources.assign(result.signals.size(), "");
  impl_->match(result);
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

// The error recorded when an upload does not decode; a known non-image type says so.
ScanError decode_error(const Status& status, const std::string& content_type) {
  std::string message = status.message();
  if (status.code() == ErrorCode::unsupported_format &&
      content_type != "application/octet-stream" && !content_type.starts_with("image/")) {
    message = content_type + " content is not an image format Vigil decodes";
  }
  return {"decode", status.code(), std::move(message)};
}

}  // namespace

ScanResult Engine::Impl::scan_upload(const engine::Upload& upload, MediaMetadata metadata) const {
  ScanResult result;
  result.media_type = upload.content_type;
  Media media;
  media.metadata.mime_type = upload.content_type;
  if (needs_pixels()) {
    Status why = upload.not_decodable;
    if (why.ok()) {
      auto decoded = decode_image(upload.bytes, decode_limits(config.decode));
      if (decoded.ok()) {
        media = std::move(decoded).value();
      } else {
        why = decoded.status();
      }
    }
    if (!why.ok()) {
      logging::host_logger().debug("content '{}' did not decode: {}", metadata.content_id,
                                   why.to_string());
      result.errors.push_back(decode_error(why, upload.content_type));
    }
  }
  merge_metadata(media.metadata, std::move(metadata));
  if (upload.in_memory()) {
    media.source_view = upload.bytes;
  } else {
    media.source_path = upload.stream_path;
  }
  run_detectors(media, result);
  match(result);
  return result;
}

Result<ScanResult> Engine::scan_bytes(std::span<const std::uint8_t> bytes,
                                      MediaMetadata metadata) const {
  const auto upload = engine::upload_from_memory(bytes, impl_->config.decode.max_bytes);
  return impl_->scan_upload(upload, std::move(metadata));
}

Result<ScanResult> Engine::scan_file(const std::filesystem::path& path,
                                     MediaMetadata metadata) const {
  auto upload = engine::read_upload_file(path, impl_->config.decode.max_bytes);
  if (!upload.ok()) return upload.status();
  return impl_->scan_upload(*upload, std::move(metadata));
}

Result<int> Engine::reload_banks() {
  std::lock_guard lock(impl_->bank_writers);
  const std::shared_ptr<const BankSet> current = impl_->current_banks();
  auto next = std::make_shared<BankSet>(*current);
  int changed = 0;
  for (std::size_t i = 0; i < impl_->config.banks.size(); ++i) {
    const BankConfig& bank = impl_->config.banks[i];
    auto path = store_for(bank).current_snapshot(bank.name);
    if (!path.ok()) return path.status();
    if (*path == next->banks[i]->info().path) continue;
    auto opened = Bank::open(*path);
    if (!opened.ok()) return opened.status();
    next->banks[i] = std::move(opened).value();
    ++changed;
  }
  if (changed > 0) impl_->publish(std::move(next));
  return changed;
}

Status Engine::replace_bank(std::shared_ptr<const Bank> bank) {
  if (!bank) return Status(ErrorCode::invalid_argument, "replace_bank needs a bank");
  std::lock_guard lock(impl_->bank_writers);
  auto next = std::make_shared<BankSet>(*impl_->current_banks());
  for (std::size_t i = 0; i < impl_->config.banks.size(); ++i) {
    if (impl_->config.banks[i].name == bank->info().name) {
      next->banks[i] = std::move(bank);
      impl_->publish(std::move(next));
      return Status::success();
    }
  }
  return Status(ErrorCode::not_found, "bank '" + bank->info().name + "' is not configured");
}

std::vector<BankInfo> Engine::banks() const {
  std::vector<BankInfo> infos;
  for (const auto& bank : impl_->current_banks()->banks) infos.push_back(bank->info());
  return infos;
}

const PluginRegistry& Engine::registry() const noexcept { return impl_->registry; }

std::vector<std::string> Engine::detector_ids() const {
  std::vector<std::string> ids;
  for (const auto& detector : impl_->detectors) ids.push_back(detector->id());
  return ids;
}

const EngineConfig& Engine::config() const noexcept { return impl_->config; }

}  // namespace vigil
