// Internal: the POSIX reads behind the audit log (descriptors, flock, positioned reads).
// Its changes (appends, syncs, the head's replacement) go through platform::FileSystem.
// Errors are ErrorCode::io_error naming the path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vigil/status.hpp"

namespace vigil::audit {

// io_error "<what> <path>: <strerror(err)>"; not_found instead when err is ENOENT and
// `missing_is_not_found`.
Status os_error(std::string_view what, const std::string& path, int err,
                bool missing_is_not_found = false);

// Owns a file descriptor; closes it on destruction.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Holds flock(fd, LOCK_EX or LOCK_SH) until destroyed; check status() first.
class FileLock {
 public:
  FileLock(int fd, int operation, const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  const Status& status() const { return status_; }

 private:
  int fd_;
  Status status_;
};

// The size of an open regular file; io_error for anything else.
Result<std::int64_t> regular_file_size(int fd, const std::string& path);

// Reads exactly `size` bytes at `offset` into `out` (replacing its contents).
Status read_at(int fd, std::int64_t offset, std::size_t size, const std::string& path,
               std::string& out);

// The number of '\n' bytes in the first `size` bytes: for naming lines in messages.
Result<std::int64_t> count_newlines(int fd, std::int64_t size, const std::string& path);

// The largest head sidecar read (platform::read_file_once refuses a larger one).
inline constexpr std::size_t kMaxHeadBytes = 1 << 16;

}  // namespace vigil::audit
