#include "bank_directory.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <utility>

#include "platform/durable_file.hpp"

namespace vigil::bank {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kSnapshotPrefix = "v";
constexpr std::string_view kSnapshotSuffix = ".vbank";
// CURRENT holds one short file name; anything longer is not ours.
constexpr std::size_t kMaxCurrentBytes = 256;

}  // namespace

std::string snapshot_file_name(std::uint64_t version) {
  char name[32];
  std::snprintf(name, sizeof name, "v%06llu.vbank", static_cast<unsigned long long>(version));
  return name;
}

std::optional<std::uint64_t> snapshot_file_version(std::string_view file_name) {
  if (!file_name.starts_with(kSnapshotPrefix) || !file_name.ends_with(kSnapshotSuffix)) {
    return std::nullopt;
  }
  const std::string_view digits = file_name.substr(
      kSnapshotPrefix.size(), file_name.size() - kSnapshotPrefix.size() - kSnapshotSuffix.size());
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  std::uint64_t version = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    version = version * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return version;
}

std::vector<fs::path> snapshots_newest_first(const fs::path& bank_directory) {
  std::vector<std::pair<std::uint64_t, fs::path>> found;
  std::error_code error;
  for (const auto& file : fs::directory_iterator(bank_directory, error)) {
    if (auto version = snapshot_file_version(file.path().filename().string())) {
      found.emplace_back(*version, file.path());
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a > b; });
  std::vector<fs::path> paths;
  for (auto& [version, path] : found) paths.push_back(std::move(path));
  return paths;
}

Result<fs::path> read_current(const fs::path& bank_directory) {
  const fs::path current = bank_directory / kCurrentFileName;
  const int fd = ::open(current.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status(ErrorCode::not_found, "CURRENT is missing");
    return Status(ErrorCode::io_error,
                  "CURRENT cannot be read: " + std::system_category().message(errno));
  }
  std::string text(kMaxCurrentBytes + 1, '\0');
  std::size_t size = 0;
  while (size < text.size()) {
    const ssize_t n = ::read(fd, text.data() + size, text.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return Status(ErrorCode::io_error,
                    "CURRENT cannot be read: " + std::system_category().message(error));
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  ::close(fd);
  text.resize(size);
  if (text.ends_with('\n')) text.pop_back();
  if (text.ends_with('\r')) text.pop_back();
  if (text.empty()) return Status(ErrorCode::corrupt_data, "CURRENT is empty");
  if (!snapshot_file_version(text)) {
    return Status(ErrorCode::corrupt_data, "CURRENT does not name a snapshot file");
  }
  return bank_directory / text;
}

Status write_current(platform::FileSystem& file_system, const fs::path& bank_directory,
                     const fs::path& snapshot) {
  return platform::replace_file_durably(file_system, bank_directory / kCurrentFileName,
                                        snapshot.filename().string() + "\n");
}

void prune_snapshots(platform::FileSystem& file_system, const fs::path& bank_directory,
                     std::uint64_t current, std::uint64_t keep) {
  for (const fs::path& snapshot : snapshots_newest_first(bank_directory)) {
    const auto version = snapshot_file_version(snapshot.filename().string());
    if (version && *version + keep < current) (void)file_system.remove(snapshot);
  }
}

}  // namespace vigil::bank
