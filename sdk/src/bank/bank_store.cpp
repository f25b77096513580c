#include "vigil/bank_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../log.hpp"
#include "snapshot_writer.hpp"

namespace vigil {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCurrent = "CURRENT";
constexpr int kVersionsKeptBeforeCurrent = 2;

std::string snapshot_name(std::uint64_t version) {
  char name[32];
  std::snprintf(name, sizeof name, "v%06llu.vbank", static_cast<unsigned long long>(version));
  return name;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// An exclusive advisory lock on <bank>/.lock for the life of the object.
class WriterLock {
 public:
  explicit WriterLock(const fs::path& file)
      : fd_(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~WriterLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

// Applies a delta batch to the current entries.
Result<std::vector<BankEntry>> apply_delta(std::vector<BankEntry> current,
                                           const ImportBatch& batch) {
  std::set<std::string> removed_ids;
  std::set<std::pair<std::string, std::string>> removed_values;
  for (const Tombstone& tombstone : batch.removals) {
    if (!tombstone.entry_id.empty()) {
      removed_ids.insert(tombstone.entry_id);
    } else {
      removed_values.emplace(tombstone.signal_type, tombstone.value);
    }
  }
  std::erase_if(current, [&](const BankEntry& entry) {
    return removed_ids.count(entry.entry_id) != 0 ||
           removed_values.count({entry.signal_type, entry.value}) != 0;
  });
  std::map<std::pair<std::string, std::string>, std::size_t> position;
  for (std::size_t i = 0; i < current.size(); ++i) {
    position[{current[i].entry_id, current[i].signal_type}] = i;
  }
  for (const BankEntry& entry : batch.entries) {
    auto [it, inserted] =
        position.emplace(std::pair{entry.entry_id, entry.signal_type}, current.size());
    if (inserted) {
      current.push_back(entry);
    } else {
      current[it->second] = entry;
    }
  }
  return current;
}

// Rejects two entries with the same (entry_id, type) and different values; drops exact
// duplicates.
Result<std::vector<BankEntry>> deduplicate(const std::vector<BankEntry>& entries) {
  std::map<std::pair<std::string, std::string>, std::size_t> seen;
  std::vector<BankEntry> unique;
  for (const BankEntry& entry : entries) {
    auto [it, inserted] = seen.emplace(std::pair{entry.entry_id, entry.signal_type}, unique.size());
    if (inserted) {
      unique.push_back(entry);
    } else if (unique[it->second].value != entry.value) {
      return Status(ErrorCode::malformed_list,
                    "entry '" + entry.entry_id + "' has two " + entry.signal_type + " values");
    }
  }
  return unique;
}

void prune_old_versions(const fs::path& bank_directory, std::uint64_t current) {
  std::error_code error;
  for (const auto& file : fs::directory_iterator(bank_directory, error)) {
    const std::string name = file.path().filename().string();
    if (name.size() < 8 || name[0] != 'v' || file.path().extension() != ".vbank") continue;
    const std::uint64_t version = std::strtoull(name.c_str() + 1, nullptr, 10);
    if (version + kVersionsKeptBeforeCurrent < current) fs::remove(file.path(), error);
  }
}

}  // namespace

BankStore::BankStore(fs::path directory) : directory_(std::move(directory)) {}

fs::path BankStore::default_directory() {
  if (const char* dir = std::getenv("VIGIL_BANK_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0') {
    return fs::path(data) / "vigil" / "banks";
  }
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : ".") / ".local" / "share" / "vigil" / "banks";
}

bool BankStore::valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

Result<fs::path> BankStore::current_snapshot(const std::string& name) const {
  if (!valid_name(name))
    return Status(ErrorCode::invalid_argument, "invalid bank name '" + name + "'");
  std::ifstream in(directory_ / name / kCurrent);
  std::string file;
  if (!in || !std::getline(in, file) || file.empty()) {
    return Status(ErrorCode::not_found, "no bank '" + name + "' in " + directory_.string());
  }
  return directory_ / name / file;
}

Result<std::shared_ptr<const Bank>> BankStore::open(const std::string& name) const {
  auto path = current_snapshot(name);
  if (!path.ok()) return path.status();
  return Bank::open(*path);
}

std::vector<std::string> BankStore::names() const {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    const std::string name = entry.path().filename().string();
    if (valid_name(name) && fs::exists(entry.path() / kCurrent, error)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<BankInfo> BankStore::apply(const std::string& name, const ImportBatch& batch,
                                  ImportMode mode, const std::string& source) {
  if (!valid_name(name)) {
    return Status(ErrorCode::invalid_argument,
                  "invalid bank name '" + name + "' (use a-z, 0-9, '_', '.', '-')");
  }
  const fs::path bank_directory = directory_ / name;
  std::error_code error;
  fs::create_directories(bank_directory, error);
  if (error) return Status(ErrorCode::io_error, "cannot create " + bank_directory.string());
  WriterLock lock(bank_directory / ".lock");
  if (!lock.held()) return Status(ErrorCode::io_error, "cannot lock " + bank_directory.string());

  std::uint64_t version = 1;
  std::vector<BankEntry> entries;
  if (auto current = open(name); current.ok()) {
    version = (*current)->info().version + 1;
    if (mode == ImportMode::delta) entries = (*current)->entries();
  } else if (current.status().code() != ErrorCode::not_found) {
    return current.status().with_context("current version of bank '" + name + "'");
  }
  auto unique = deduplicate(batch.entries);
  if (!unique.ok()) return unique.status();
  ImportBatch checked{std::move(unique).value(), batch.removals};
  auto next = mode == ImportMode::delta ? apply_delta(std::move(entries), checked)
                                        : Result<std::vector<BankEntry>>(checked.entries);
  if (!next.ok()) return next.status();

  const fs::path snapshot = bank_directory / snapshot_name(version);
  details::SnapshotMetadata metadata{name, version, source, utc_now()};
  if (Status written = details::write_snapshot(snapshot, metadata, *next); !written.ok()) {
    return written;
  }
  // Verify what was written before anyone is pointed at it.
  auto reopened = Bank::open(snapshot);
  if (!reopened.ok()) {
    fs::remove(snapshot, error);
    return reopened.status();
  }
  const fs::path pointer = bank_directory / (std::string(kCurrent) + ".tmp");
  {
    std::ofstream out(pointer, std::ios::trunc);
    out << snapshot.filename().string() << "\n";
    if (!out.flush()) return Status(ErrorCode::io_error, "cannot write " + pointer.string());
  }
  if (std::rename(pointer.c_str(), (bank_directory / kCurrent).c_str()) != 0) {
    return Status(ErrorCode::io_error, "cannot update " + (bank_directory / kCurrent).string());
  }
  prune_old_versions(bank_directory, version);
  details::host_logger().info("bank '{}' version {} written: {} entries", name, version,
                              (*reopened)->info().entry_count);
  return (*reopened)->info();
}

}  // namespace vigil
