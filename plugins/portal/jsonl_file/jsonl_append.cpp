#include "jsonl_file/jsonl_append.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_set>

namespace vigil::portal {
namespace {

[[noreturn]] void fail(const std::string& what, int error) {
  throw std::system_error(error, std::generic_category(), "jsonl file: " + what);
}

// Closes the descriptor (which also releases the flock) on every path.
class file_descriptor {
 public:
  explicit file_descriptor(int fd) : fd_(fd) {}
  ~file_descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  file_descriptor(const file_descriptor&) = delete;
  file_descriptor& operator=(const file_descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void fsync_directory_of(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  file_descriptor dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) fail("fsync of the directory failed", errno);
}

void lock_exclusive(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) fail("flock failed", errno);
    if (std::chrono::steady_clock::now() >= deadline) {
      fail("still locked by another writer after " + std::to_string(timeout.count()) + " ms",
           EWOULDBLOCK);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string key_of_line(std::string_view line) {
  auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return {};
  auto key = json.find("idempotency_key");
  return key != json.end() && key->is_string() ? key->get<std::string>() : std::string();
}

}  // namespace

struct jsonl_appender::state {
  jsonl_options options;
  std::mutex mutex;
  // What this object has read of the file: the keys of the complete lines before `scanned`.
  std::unordered_set<std::string> keys;
  off_t scanned = 0;
  dev_t device = 0;
  ino_t inode = 0;

  // Catches up with lines appended since the last look; returns the file's size.
  // Also records the key of a final line that lacks its '\n' (a write torn just before
  // it), without moving `scanned` past it.
  off_t catch_up(int fd, bool& ends_with_newline) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) fail("fstat failed", errno);
    if (info.st_dev != device || info.st_ino != inode || info.st_size < scanned) {
      keys.clear();  // replaced (rotated) or truncated: start over
      scanned = 0;
      device = info.st_dev;
      inode = info.st_ino;
    }
    const off_t size = info.st_size;
    std::string pending;
    char buffer[64 * 1024];
    off_t offset = scanned;
    while (offset < size) {
      const ssize_t got = ::pread(fd, buffer, sizeof(buffer), offset);
      if (got < 0) {
        if (errno == EINTR) continue;
        fail("read failed", errno);
      }
      if (got == 0) break;
      offset += got;
      pending.append(buffer, static_cast<std::size_t>(got));
      std::size_t start = 0;
      for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
        if (auto key = key_of_line(std::string_view(pending).substr(start, nl - start));
            !key.empty()) {
          keys.insert(std::move(key));
        }
        scanned += static_cast<off_t>(nl - start + 1);
        start = nl + 1;
      }
      pending.erase(0, start);
    }
    if (!pending.empty()) {
      if (auto key = key_of_line(pending); !key.empty()) keys.insert(std::move(key));
    }
    ends_with_newline = pending.empty();
    return size;
  }
};

jsonl_appender jsonl_appender::from_settings(const vigil::plugin::settings& settings) {
  jsonl_options options;
  options.path = settings.get_string(jsonl_fields::path.name);
  if (options.path.empty()) {
    throw vigil::plugin::error("setting 'path' is required", VIGIL_ERROR_INVALID_ARGUMENT);
  }
  options.fsync = settings.get_bool(jsonl_fields::fsync.name, true);
  return jsonl_appender(std::move(options));
}

jsonl_appender::jsonl_appender(jsonl_options options) : state_(std::make_unique<state>()) {
  state_->options = std::move(options);
}
jsonl_appender::~jsonl_appender() = default;
jsonl_appender::jsonl_appender(jsonl_appender&&) noexcept = default;
jsonl_appender& jsonl_appender::operator=(jsonl_appender&&) noexcept = default;

const jsonl_options& jsonl_appender::options() const noexcept { return state_->options; }

jsonl_appender::append_result jsonl_appender::append_once(std::string_view key,
                                                          std::string_view json_line) {
  if (json_line.find('\n') != std::string_view::npos || key.empty()) {
    throw std::invalid_argument("jsonl line must be one line with a non-empty key");
  }
  std::lock_guard guard(state_->mutex);
  const auto& options = state_->options;
  constexpr int kFlags = O_RDWR | O_APPEND | O_CLOEXEC;
  int raw = ::open(options.path.c_str(), kFlags);
  bool created = false;
  if (raw < 0 && errno == ENOENT) {
    raw = ::open(options.path.c_str(), kFlags | O_CREAT, 0600);
    created = raw >= 0;
  }
  if (raw < 0) fail("cannot open '" + options.path + "'", errno);
  file_descriptor fd(raw);
  if (created && options.fsync) fsync_directory_of(options.path);

  lock_exclusive(fd.get(), options.lock_timeout);
  bool ends_with_newline = true;
  const off_t size = state_->catch_up(fd.get(), ends_with_newline);
  if (state_->keys.contains(std::string(key))) {
    if (options.fsync && ::fdatasync(fd.get()) != 0) fail("fdatasync failed", errno);
    return append_result::already_present;
  }

  std::string record;
  record.reserve(json_line.size() + 2);
  if (!ends_with_newline) record.push_back('\n');  // end a torn line before ours
  record.append(json_line);
  record.push_back('\n');
  ssize_t written;
  do {
    written = ::write(fd.get(), record.data(), record.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(record.size())) {
    const int error = written < 0 ? errno : ENOSPC;
    if (written > 0) {
      // Cut the partial line (if that fails too, readers skip it and the retry appends a
      // whole line after it).
      [[maybe_unused]] const int cut = ::ftruncate(fd.get(), size);
    }
    fail("write failed", error);
  }
  if (options.fsync && ::fdatasync(fd.get()) != 0) fail("fdatasync failed", errno);
  state_->keys.insert(std::string(key));
  state_->scanned = size + static_cast<off_t>(record.size());
  return append_result::appended;
}

bool jsonl_appender::contains(std::string_view key) {
  std::lock_guard guard(state_->mutex);
  file_descriptor fd(::open(state_->options.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return false;
    fail("cannot open '" + state_->options.path + "'", errno);
  }
  lock_exclusive(fd.get(), state_->options.lock_timeout);
  bool ends_with_newline = true;
  state_->catch_up(fd.get(), ends_with_newline);
  return state_->keys.contains(std::string(key));
}

}  // namespace vigil::portal
