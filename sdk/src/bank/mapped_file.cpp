#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

namespace vigil::bank {

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                  "cannot open " + path.string());
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {  // the system failed us: not a verdict on the file
    ::close(fd);
    return Status(ErrorCode::io_error, "cannot stat " + path.string());
  }
  if (!S_ISREG(info.st_mode) || info.st_size <= 0) {
    ::close(fd);
    return Status(ErrorCode::corrupt_data, path.string() + " is not a non-empty regular file");
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (data == MAP_FAILED) return Status(ErrorCode::io_error, "cannot map " + path.string());
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<const std::uint8_t*>(data), size));
}

MappedFile::~MappedFile() { ::munmap(const_cast<std::uint8_t*>(data_), size_); }

}  // namespace vigil::bank
