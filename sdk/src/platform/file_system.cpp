#include "file_system.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>

namespace vigil::platform {
namespace {

Status os_error(std::string_view what, const std::filesystem::path& path, int error) {
  return Status(ErrorCode::io_error, std::string(what) + " " + path.string() + ": " +
                                         std::system_category().message(error));
}

template <typename Call>
int retrying(Call&& call) {
  int result = 0;
  do {
    result = call();
  } while (result != 0 && errno == EINTR);
  return result;
}

class PosixFile final : public File {
 public:
  PosixFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;

  int descriptor() const override { return fd_; }

  Status append(std::string_view data) override {
    while (!data.empty()) {
      const ssize_t written = ::write(fd_, data.data(), data.size());
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) return os_error("cannot write", path_, errno);
      data.remove_prefix(static_cast<std::size_t>(written));
    }
    return Status::success();
  }

  Status sync() override {
    if (retrying([this] { return ::fsync(fd_); }) != 0) {
      return os_error("cannot fsync", path_, errno);
    }
    return Status::success();
  }

  Status sync_data() override {
    if (retrying([this] { return ::fdatasync(fd_); }) != 0) {
      return os_error("cannot fdatasync", path_, errno);
    }
    return Status::success();
  }

  Status truncate(std::int64_t size) override {
    if (retrying([&] { return ::ftruncate(fd_, static_cast<off_t>(size)); }) != 0) {
      return os_error("cannot truncate", path_, errno);
    }
    return Status::success();
  }

  Status close() override {
    const int result = ::close(fd_);
    fd_ = -1;
    if (result != 0) return os_error("cannot write", path_, errno);
    return Status::success();
  }

 private:
  int fd_;
  std::filesystem::path path_;
};

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::unique_ptr<File>> open(const std::filesystem::path& path, OpenMode mode,
                                     unsigned permissions) override {
    const int flags = mode == OpenMode::create_truncate ? O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
                                                        : O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC;
    const int fd = ::open(path.c_str(), flags, static_cast<mode_t>(permissions));
    if (fd < 0) {
      return os_error(mode == OpenMode::create_truncate ? "cannot create" : "cannot open", path,
                      errno);
    }
    return std::unique_ptr<File>(new PosixFile(fd, path));
  }

  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      const int error = errno;
      return Status(error == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                    "cannot rename " + from.string() + " to " + to.string() + ": " +
                        std::system_category().message(error));
    }
    return Status::success();
  }

  Status remove(const std::filesystem::path& path) override {
    if (::unlink(path.c_str()) != 0) {
      const int error = errno;
      if (error == ENOENT) return Status(ErrorCode::not_found, "cannot remove " + path.string());
      return os_error("cannot remove", path, error);
    }
    return Status::success();
  }

  Result<bool> create_directory(const std::filesystem::path& directory) override {
    if (::mkdir(directory.c_str(), 0777) == 0) return true;
    const int error = errno;
    struct stat info {};
    if (error == EEXIST && ::stat(directory.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
      return false;
    }
    return os_error("cannot create directory", directory, error);
  }

  Status sync_directory(const std::filesystem::path& directory) override {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return os_error("cannot open directory", directory, errno);
    const int result = retrying([fd] { return ::fsync(fd); });
    const int error = errno;
    ::close(fd);
    if (result != 0) return os_error("cannot fsync directory", directory, error);
    return Status::success();
  }
};

std::atomic<FileSystem*> installed{nullptr};

}  // namespace

FileSystem& posix_file_system() {
  static PosixFileSystem instance;
  return instance;
}

FileSystem& current_file_system() {
  FileSystem* file_system = installed.load();
  return file_system != nullptr ? *file_system : posix_file_system();
}

FileSystem* install_file_system_for_testing(FileSystem* file_system) {
  return installed.exchange(file_system);
}

}  // namespace vigil::platform
