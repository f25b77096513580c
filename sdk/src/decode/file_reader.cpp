#include "file_reader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

namespace vigil::decode {
namespace {

namespace fs = std::filesystem;

Status from_error_code(const std::error_code& error, std::string_view doing) {
  if (error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory) {
    return Status(ErrorCode::not_found, "file not found");
  }
  return Status(ErrorCode::io_error, std::string(doing) + ": " + error.message());
}

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

}  // namespace

Result<std::vector<std::uint8_t>> read_file_bounded(const fs::path& path, std::size_t max_bytes) {
  if (path.empty()) return Status(ErrorCode::invalid_argument, "empty path");
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || status.type() == fs::file_type::not_found) {
    if (status.type() == fs::file_type::not_found) {
      return Status(ErrorCode::not_found, "file not found");
    }
    return from_error_code(error, "cannot inspect file");
  }
  if (fs::is_directory(status)) {
    return Status(ErrorCode::invalid_argument, "path is a directory, not an image file");
  }
  if (!fs::is_regular_file(status)) {
    return Status(ErrorCode::invalid_argument, "path is not a regular file");
  }
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return from_error_code(error, "cannot read file size");
  if (size == 0) return Status(ErrorCode::empty_input, "file is empty (0 bytes)");
  if (size > max_bytes) {
    return Status(ErrorCode::too_large, "file is " + std::to_string(size) +
                                            " bytes, over the limit of " +
                                            std::to_string(max_bytes));
  }

  errno = 0;
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int open_errno = errno;
    if (open_errno == ENOENT) return Status(ErrorCode::not_found, "file not found");
    return Status(ErrorCode::io_error,
                  std::string("cannot open file: ") + std::strerror(open_errno));
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (got != bytes.size()) {
    if (std::ferror(file.get())) return Status(ErrorCode::io_error, "read failed");
    return Status(ErrorCode::io_error, "file shrank while being read");
  }
  if (std::fgetc(file.get()) != EOF) {
    return Status(ErrorCode::io_error, "file grew while being read");
  }
  return bytes;
}

}  // namespace vigil::decode
