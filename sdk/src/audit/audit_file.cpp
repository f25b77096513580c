#include "audit_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace vigil::audit {

Status os_error(std::string_view what, const std::string& path, int err,
                bool missing_is_not_found) {
  const ErrorCode code =
      (missing_is_not_found && err == ENOENT) ? ErrorCode::not_found : ErrorCode::io_error;
  return {code, std::string(what) + " " + path + ": " + std::system_category().message(err)};
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

FileLock::FileLock(int fd, int operation, const std::string& path) : fd_(fd) {
  int rc = 0;
  do {
    rc = ::flock(fd, operation);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    status_ = os_error("cannot lock", path, errno);
    fd_ = -1;
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::flock(fd_, LOCK_UN);
}

Result<std::int64_t> regular_file_size(int fd, const std::string& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return os_error("cannot stat", path, errno);
  if (!S_ISREG(info.st_mode)) {
    return Status(ErrorCode::io_error, path + " is not a regular file");
  }
  return static_cast<std::int64_t>(info.st_size);
}

Status read_at(int fd, std::int64_t offset, std::size_t size, const std::string& path,
               std::string& out) {
  out.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out.data() + done, size - done,
                              static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error("cannot read", path, errno);
    if (n == 0) return {ErrorCode::io_error, "cannot read " + path + ": it shrank while read"};
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Result<std::int64_t> count_newlines(int fd, std::int64_t size, const std::string& path) {
  constexpr std::int64_t kChunk = 1 << 16;
  std::string block;
  std::int64_t lines = 0;
  for (std::int64_t offset = 0; offset < size; offset += kChunk) {
    const auto length = static_cast<std::size_t>(std::min(kChunk, size - offset));
    if (Status s = read_at(fd, offset, length, path, block); !s.ok()) return s;
    lines += std::count(block.begin(), block.end(), '\n');
  }
  return lines;
}

}  // namespace vigil::audit
