// Internal: ownership and permission checks of plugin files, and their digests.
#include "plugin_file_checks.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

#include "platform/hex.hpp"

namespace vigil::plugin_host {
namespace fs = std::filesystem;
namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Why a file or directory with status `st`, named `what` in the reason, is not trusted.
std::string judge(const struct stat& st, const std::string& what) {
  const uid_t me = ::geteuid();
  if (st.st_uid != 0 && st.st_uid != me) {
    return what + " is owned by uid " + std::to_string(st.st_uid) +
           ", neither root nor the running user (uid " + std::to_string(me) + ")";
  }
  const bool group = (st.st_mode & S_IWGRP) != 0;
  const bool others = (st.st_mode & S_IWOTH) != 0;
  if (group || others) {
    // Others first: writable by others is writable by anyone, whatever the group can do.
    const char* who = others ? "others" : "group";
    return what + " is writable by " + who + " (mode " + octal_mode(st.st_mode) + ")";
  }
  return {};
}

// Follows symbolic links; an unreadable status is itself a reason.
std::string judge_path(const fs::path& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return "cannot read the status of " + what + ": " + std::strerror(errno);
  }
  return judge(st, what);
}

std::string judge_directory_of(const fs::path& file) {
  fs::path directory = file.parent_path();
  if (directory.empty()) directory = ".";
  return judge_path(directory, "directory " + directory.string());
}

FileStamp stamp_from(const struct stat& st) {
  return {st.st_dev, st.st_ino, st.st_size, st.st_mtim};
}

bool same_time(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string untrusted_plugin_file_reason(const fs::path& file) {
  struct stat link {};
  if (::lstat(file.c_str(), &link) != 0) {
    return "cannot read the status of " + file.string() + ": " + std::strerror(errno);
  }
  // The directory the file was found in: whoever can write it can replace the file.
  if (std::string reason = judge_directory_of(file); !reason.empty()) return reason;
  if (!S_ISLNK(link.st_mode)) return judge(link, file.string());

  // A symbolic link: what is loaded is its target, so judge the target and its directory.
  std::error_code error;
  const fs::path target = fs::canonical(file, error);
  if (error) return "cannot resolve " + file.string() + ": " + error.message();
  if (std::string reason = judge_path(target, target.string() + " (the target of the link)");
      !reason.empty()) {
    return reason;
  }
  return judge_directory_of(target);
}

bool FileStamp::same_as(const FileStamp& other) const noexcept {
  return device == other.device && inode == other.inode && size == other.size &&
         same_time(modified, other.modified);
}

std::optional<FileStamp> stamp_of(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return stamp_from(st);
}

Result<FileDigest> digest_file(const fs::path& file) {
  FdCloser handle{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (handle.fd < 0) {
    return Status(ErrorCode::io_error,
                  "cannot open " + file.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(handle.fd, &st) != 0) {
    return Status(ErrorCode::io_error,
                  "cannot read the status of " + file.string() + ": " + std::strerror(errno));
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return Status(ErrorCode::internal, "cannot start a SHA-256 digest");
  }
  std::unique_ptr<unsigned char[]> buffer(new unsigned char[1 << 16]);
  for (;;) {
    const ssize_t got = ::read(handle.fd, buffer.get(), 1 << 16);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return Status(ErrorCode::io_error,
                    "cannot read " + file.string() + ": " + std::strerror(errno));
    }
    if (got == 0) break;
    EVP_DigestUpdate(context.get(), buffer.get(), static_cast<std::size_t>(got));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  return FileDigest{platform::hex_encode(std::span<const std::uint8_t>(digest, length)),
                    stamp_from(st)};
}

std::string normalized_sha256(const std::string& text) {
  if (text.size() != 64) return {};
  std::string lower;
  lower.reserve(64);
  for (char c : text) {
    const int value = platform::hex_value(c);
    if (value < 0) return {};
    lower += platform::hex_digit(static_cast<unsigned>(value));
  }
  return lower;
}

}  // namespace vigil::plugin_host
