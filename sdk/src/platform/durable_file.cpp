#include "durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

namespace vigil::platform {
namespace {

Status write_temporary(FileSystem& file_system, const std::filesystem::path& temporary,
                       std::string_view contents, const DurableReplaceOptions& options) {
  auto file = file_system.open(temporary, OpenMode::create_truncate, options.permissions);
  if (!file.ok()) return file.status();
  if (Status written = (*file)->append(contents); !written.ok()) return written;
  if (options.sync) {
    if (Status synced = (*file)->sync(); !synced.ok()) return synced;
  }
  return (*file)->close();
}

Status os_error(std::string_view what, const std::filesystem::path& path, int error) {
  return Status(ErrorCode::io_error, std::string(what) + " " + path.string() + ": " +
                                         std::system_category().message(error));
}

}  // namespace

Status replace_file_durably(FileSystem& file_system, const std::filesystem::path& path,
                            std::string_view contents, const DurableReplaceOptions& options) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  if (Status written = write_temporary(file_system, temporary, contents, options); !written.ok()) {
    (void)file_system.remove(temporary);
    return written;
  }
  if (Status renamed = file_system.rename(temporary, path); !renamed.ok()) {
    (void)file_system.remove(temporary);
    return Status(ErrorCode::io_error, renamed.message());
  }
  if (!options.sync) return Status::success();
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  return file_system.sync_directory(directory);
}

Status create_directories_durably(FileSystem& file_system, const std::filesystem::path& directory) {
  // The missing directories, innermost first.
  std::vector<std::filesystem::path> missing;
  std::error_code error;
  for (std::filesystem::path at = directory; !at.empty() && !std::filesystem::exists(at, error);
       at = at.parent_path()) {
    missing.push_back(at);
    if (at == at.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    auto created = file_system.create_directory(*it);
    if (!created.ok()) return created.status();
    if (!*created) continue;
    const std::filesystem::path parent = it->has_parent_path() ? it->parent_path() : ".";
    if (Status synced = file_system.sync_directory(parent); !synced.ok()) return synced;
  }
  return Status::success();
}

Result<std::optional<std::string>> read_file_once(const std::filesystem::path& path,
                                                  std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return os_error("cannot open", path, errno);
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) return os_error("cannot stat", path, errno);
  if (!S_ISREG(info.st_mode)) {
    return Status(ErrorCode::io_error, path.string() + " is not a regular file");
  }
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    return Status(ErrorCode::io_error, path.string() + " is too large");
  }
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::pread(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error("cannot read", path, errno);
    if (n == 0) {
      return Status(ErrorCode::io_error, "cannot read " + path.string() + ": it shrank while read");
    }
    done += static_cast<std::size_t>(n);
  }
  return std::optional<std::string>(std::move(text));
}

}  // namespace vigil::platform
