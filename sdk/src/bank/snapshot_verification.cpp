#include "snapshot_verification.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace vigil::bank {
namespace {

// Enough for every bank a process serves and their rollback versions.
constexpr std::size_t kMaxVerdicts = 256;

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t modified_ns = 0;

  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

std::optional<FileIdentity> identity_of(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{info.st_dev, info.st_ino, info.st_size,
                      std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
}

struct Verdict {
  FileIdentity identity;
  Status status;  // success: verified; corrupt_data: corrupt
};

class Verdicts {
 public:
  std::optional<Status> find(const std::filesystem::path& file, const FileIdentity& identity) {
    std::lock_guard lock(mutex_);
    auto it = verdicts_.find(file.string());
    if (it == verdicts_.end() || !(it->second.identity == identity)) return std::nullopt;
    return it->second.status;
  }
  void remember(const std::filesystem::path& file, const FileIdentity& identity, Status status) {
    std::lock_guard lock(mutex_);
    if (verdicts_.size() >= kMaxVerdicts) verdicts_.clear();
    verdicts_[file.string()] = {identity, std::move(status)};
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Verdict> verdicts_;
};

Verdicts& verdicts() {
  static Verdicts instance;
  return instance;
}

}  // namespace

Result<std::shared_ptr<const Bank>> open_snapshot(const std::filesystem::path& snapshot) {
  const std::optional<FileIdentity> before = identity_of(snapshot);
  if (before) {
    if (auto known = verdicts().find(snapshot, *before); known && !known->ok()) return *known;
  }
  auto bank = Bank::open(snapshot);
  const bool lasting = bank.ok() || bank.status().code() == ErrorCode::corrupt_data;
  // Remember only a verdict about the file that was read, not a transient I/O error.
  if (before && lasting && identity_of(snapshot) == before) {
    verdicts().remember(snapshot, *before, bank.ok() ? Status::success() : bank.status());
  }
  return bank;
}

Status verify_snapshot(const std::filesystem::path& snapshot) {
  if (const std::optional<FileIdentity> identity = identity_of(snapshot)) {
    if (auto known = verdicts().find(snapshot, *identity)) return *known;
  }
  return open_snapshot(snapshot).status();
}

}  // namespace vigil::bank
