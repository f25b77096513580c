#include "vigil/bank_add.hpp"

#include <algorithm>
#include <memory>
#include <system_error>
#include <utility>

#include "vigil/engine.hpp"
#include "vigil/hashing.hpp"

namespace vigil {
namespace {

namespace fs = std::filesystem;

// Every path, a directory replaced by the regular files below it (sorted).
std::vector<fs::path> media_files(std::span<const fs::path> paths) {
  std::vector<fs::path> files;
  for (const fs::path& path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      files.push_back(path);  // a missing file is reported when it is scanned
      continue;
    }
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file(error)) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Result<std::unique_ptr<Engine>> hashing_engine(const AddMediaOptions& options) {
  HashingOptions hashing;
  hashing.signals.assign(std::begin(kBankAddSignals), std::end(kBankAddSignals));
  EngineConfig config = hashing_engine_config(hashing);
  config.plugin_path = options.plugin_path;
  auto engine = Engine::create(config);
  if (!engine.ok()) return engine.status();
  return engine;
}

}  // namespace

Result<AddMediaResult> add_media(BankStore& store, const std::string& name,
                                 std::span<const fs::path> paths, const AddMediaOptions& options) {
  const std::vector<fs::path> files = media_files(paths);
  if (files.empty()) return Status(ErrorCode::invalid_argument, "no media file to add");
  if (!options.entry_id.empty() && files.size() != 1) {
    return Status(ErrorCode::invalid_argument, "an entry id needs exactly one file");
  }
  auto engine = hashing_engine(options);
  if (!engine.ok()) return engine.status();
  const std::string source = options.source.empty() ? "vigil bank add" : options.source;

  AddMediaResult added;
  ImportBatch batch;
  for (const fs::path& file : files) {
    auto result = (*engine)->scan_file(file);
    if (!result.ok()) return result.status().with_context(file.string());
    if (result->signals.empty()) {
      return require_signals(*result, {"md5"}).with_context(file.string());
    }
    for (const ScanError& error : result->errors) {
      added.notices.push_back({file, error.detector + ": " + std::string(to_string(error.code)) +
                                         ": " + error.message +
                                         "; adding the signals that were computed"});
    }
    for (const Signal& signal : result->signals) {
      if (signal.type == "pdq" && signal.quality && *signal.quality < 50) {
        added.notices.push_back({file, "PDQ quality " + std::to_string(*signal.quality) +
                                           " is below 50; it will not match by default"});
      }
      BankEntry entry;
      entry.signal_type = signal.type;
      entry.value = signal.value;
      entry.entry_id = options.entry_id.empty() ? file.filename().string() : options.entry_id;
      entry.source = source;
      batch.entries.push_back(std::move(entry));
    }
  }
  added.entries = batch.entries.size();
  auto info = store.apply(name, batch, ImportMode::delta, source);
  if (!info.ok()) return info.status();
  added.info = std::move(info).value();
  return added;
}

}  // namespace vigil
