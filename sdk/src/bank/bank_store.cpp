#include "vigil/bank_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "bank_content.hpp"
#include "bank_directory.hpp"
#include "logging/log.hpp"
#include "platform/clock.hpp"
#include "platform/durable_file.hpp"
#include "platform/utc_time.hpp"
#include "snapshot_verification.hpp"
#include "snapshot_writer.hpp"

namespace vigil {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kVersionsKeptBeforeCurrent = 2;

std::string utc_now() { return platform::utc_timestamp_seconds(platform::system_now_ms() / 1000); }

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

Status invalid_name(const std::string& name) {
  return Status(ErrorCode::invalid_argument,
                "invalid bank name '" + name + "' (use a-z, 0-9, '_', '.', '-')");
}

// The snapshot in service: the one CURRENT names when `verify` accepts it, else the newest
// snapshot that `verify` accepts, with a warning. `verify` is Status(const fs::path&).
template <typename Verify>
Result<fs::path> snapshot_in_service(const fs::path& store_directory, const std::string& name,
                                     Verify&& verify) {
  const fs::path bank_directory = store_directory / name;
  const Result<fs::path> named = bank::read_current(bank_directory);
  Status problem = named.status();
  if (named.ok()) {
    const Status verified = verify(*named);
    if (verified.ok()) return *named;
    const std::string file = named->filename().string();
    problem = verified.code() == ErrorCode::not_found
                  ? Status(ErrorCode::not_found, "CURRENT names " + file + ", which is missing")
                  : verified.with_context("CURRENT names " + file);
  }
  const std::vector<fs::path> snapshots = bank::snapshots_newest_first(bank_directory);
  if (snapshots.empty()) {
    std::string message = "no bank '" + name + "' in " + store_directory.string();
    if (named.status().code() != ErrorCode::not_found) message += " (" + problem.message() + ")";
    return Status(ErrorCode::not_found, message);
  }
  for (const fs::path& snapshot : snapshots) {
    if (named.ok() && snapshot == *named) continue;
    if (verify(snapshot).ok()) {
      logging::host_logger().warn(
          "bank '{}': {}; serving {}, the newest snapshot that verifies (the next import "
          "repoints CURRENT)",
          name, problem.message(), snapshot.filename().string());
      return snapshot;
    }
  }
  return Status(
      problem.code() == ErrorCode::io_error ? ErrorCode::io_error : ErrorCode::corrupt_data,
      "bank '" + name + "': " + problem.message() + ", and no other snapshot in " +
          bank_directory.string() +
          " verifies: remove that directory and import the full list again");
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
  if (!valid_name(name)) return invalid_name(name);
  return snapshot_in_service(directory_, name, bank::verify_snapshot);
}

Result<std::shared_ptr<const Bank>> BankStore::open(const std::string& name) const {
  if (!valid_name(name)) return invalid_name(name);
  std::shared_ptr<const Bank> bank;
  auto path = snapshot_in_service(directory_, name, [&bank](const fs::path& snapshot) {
    auto opened = bank::open_snapshot(snapshot);
    if (!opened.ok()) return opened.status();
    bank = std::move(opened).value();
    return Status::success();
  });
  if (!path.ok()) return path.status();
  return bank;
}

std::vector<std::string> BankStore::names() const {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    const std::string name = entry.path().filename().string();
    if (!valid_name(name)) continue;
    if (fs::exists(entry.path() / bank::kCurrentFileName, error) ||
        !bank::snapshots_newest_first(entry.path()).empty()) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<BankInfo> BankStore::apply(const std::string& name, const ImportBatch& batch,
                                  ImportMode mode, const std::string& source) {
  return apply_sequence(name, std::span(&batch, 1), mode, source);
}

Result<BankInfo> BankStore::apply_sequence(const std::string& name,
                                           std::span<const ImportBatch> batches, ImportMode mode,
                                           const std::string& source) {
  if (!valid_name(name)) return invalid_name(name);
  const fs::path bank_directory = directory_ / name;
  platform::FileSystem& file_system = platform::current_file_system();
  if (!platform::create_directories_durably(file_system, bank_directory).ok()) {
    return Status(ErrorCode::io_error, "cannot create " + bank_directory.string());
  }
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
  bank::BankContent content(std::move(entries));
  for (std::size_t i = 0; i < batches.size(); ++i) {
    Status applied = content.apply(batches[i]);
    if (!applied.ok() && batches.size() > 1) {
      applied = applied.with_context("batch " + std::to_string(i + 1) + " of " +
                                     std::to_string(batches.size()));
    }
    if (!applied.ok()) return applied;
  }

  const fs::path snapshot = bank_directory / bank::snapshot_file_name(version);
  bank::SnapshotMetadata metadata{name, version, source, utc_now()};
  if (Status written = bank::write_snapshot(file_system, snapshot, metadata, content.take());
      !written.ok()) {
    return written;
  }
  // Verify what was written before anyone is pointed at it.
  auto reopened = bank::open_snapshot(snapshot);
  if (!reopened.ok()) {
    (void)file_system.remove(snapshot);
    return reopened.status();
  }
  if (Status pointed = bank::write_current(file_system, bank_directory, snapshot); !pointed.ok()) {
    return pointed;
  }
  bank::prune_snapshots(file_system, bank_directory, version, kVersionsKeptBeforeCurrent);
  logging::host_logger().info("bank '{}' version {} written: {} entries", name, version,
                              (*reopened)->info().entry_count);
  return (*reopened)->info();
}

}  // namespace vigil
