#include "durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace vigil::details {
namespace {

Status os_error(const std::string& what, const std::filesystem::path& file, int error) {
  return Status(ErrorCode::io_error,
                what + " " + file.string() + ": " + std::system_category().message(error));
}

// Closes the descriptor on every path out of replace_file_durably.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error a deferred write may only show here.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

int fsync_retrying(int fd) {
  int result = 0;
  do {
    result = ::fsync(fd);
  } while (result != 0 && errno == EINTR);
  return result;
}

Status write_temporary(const std::filesystem::path& temporary, std::string_view contents,
                       const DurableReplaceOptions& options) {
  Descriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                       static_cast<mode_t>(options.permissions)));
  if (fd.get() < 0) return os_error("cannot create", temporary, errno);
  while (!contents.empty()) {
    const ssize_t written = ::write(fd.get(), contents.data(), contents.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return os_error("cannot write", temporary, errno);
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  if (options.sync && fsync_retrying(fd.get()) != 0) {
    return os_error("cannot fsync", temporary, errno);
  }
  if (fd.close() != 0) return os_error("cannot write", temporary, errno);
  return Status::success();
}

}  // namespace

Status sync_directory(const std::filesystem::path& directory) {
  Descriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return os_error("cannot open directory", directory, errno);
  if (fsync_retrying(fd.get()) != 0) return os_error("cannot fsync directory", directory, errno);
  return Status::success();
}

Status replace_file_durably(const std::filesystem::path& path, std::string_view contents,
                            const DurableReplaceOptions& options) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  if (Status written = write_temporary(temporary, contents, options); !written.ok()) {
    ::unlink(temporary.c_str());
    return written;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return os_error("cannot rename " + temporary.string() + " to", path, error);
  }
  if (!options.sync) return Status::success();
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  return sync_directory(directory);
}

}  // namespace vigil::details
