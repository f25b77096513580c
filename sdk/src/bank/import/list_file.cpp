// import_list_file: bounded read of a list file, then parse_list.
#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <system_error>

#include "vigil/list_import.hpp"

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kReadChunk = std::size_t{1} << 20;

Status file_status(ErrorCode code, const fs::path& path, std::string_view problem) {
  std::string message = path.string();
  message += ": ";
  message += problem;
  return Status(code, std::move(message));
}

Status too_large(const fs::path& path) {
  return file_status(ErrorCode::too_large, path,
                     "list file is larger than " + std::to_string(kMaxListFileBytes) + " bytes");
}

Status os_error(const fs::path& path, int error) {
  const ErrorCode code = error == ENOENT ? ErrorCode::not_found : ErrorCode::io_error;
  return file_status(code, path, std::error_code(error, std::generic_category()).message());
}

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

Result<std::string> read_list_file(const fs::path& path) {
  if (path.empty()) return Status(ErrorCode::invalid_argument, "empty list file path");
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) {
    if (error && error != std::errc::no_such_file_or_directory) {
      return file_status(ErrorCode::io_error, path, error.message());
    }
    return file_status(ErrorCode::not_found, path, "no such file");
  }
  if (fs::is_directory(status)) return file_status(ErrorCode::io_error, path, "is a directory");
  if (!fs::is_regular_file(status)) {
    return file_status(ErrorCode::io_error, path, "is not a regular file");
  }
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return file_status(ErrorCode::io_error, path, error.message());
  if (size > kMaxListFileBytes) return too_large(path);

  errno = 0;
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return os_error(path, errno != 0 ? errno : EIO);
  std::string text;
  text.reserve(static_cast<std::size_t>(size));
  std::string chunk(kReadChunk, '\0');
  while (true) {
    const std::size_t read = std::fread(chunk.data(), 1, chunk.size(), file.get());
    if (read > 0) {
      if (text.size() + read > kMaxListFileBytes) return too_large(path);
      text.append(chunk, 0, read);
    }
    if (read < chunk.size()) {
      if (std::ferror(file.get())) return os_error(path, errno != 0 ? errno : EIO);
      break;
    }
  }
  return text;
}

}  // namespace

Result<ImportBatch> import_list_file(ListFormat format, const fs::path& path,
                                     const ImportOptions& options) {
  Result<std::string> text = read_list_file(path);
  if (!text.ok()) return text.status();
  return parse_list(format, *text, path.string(), options);
}

}  // namespace vigil
