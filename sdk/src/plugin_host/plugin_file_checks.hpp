// Internal: what the plugin registry checks about a plugin file before it loads it (who
// could have written it) and what it records about the bytes it loads (their SHA-256 and
// the file's identity). The policy that uses them is PluginRegistry::discover's.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

#include "vigil/status.hpp"

namespace vigil::plugin_host {

// Why `file` (a plugin file as found in a search directory) is not trusted, or empty when
// it is: the file, or the directory it is in, is writable by group or others or owned by
// a user other than root or the running (effective) user. A symbolic link is judged by the
// directory it is in, its target and the target's directory. Ancestors of the directory
// are not judged. The reason names the path and what is wrong, e.g.
// "/dir/x.so is writable by others (mode 0777)".
std::string untrusted_plugin_file_reason(const std::filesystem::path& file);

// A file's identity on disk, to notice it being replaced or rewritten. (Not the status
// change time: a new hard link or a chmod changes it, and neither changes the bytes.)
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  timespec modified{};

  bool same_as(const FileStamp& other) const noexcept;
};

// The stamp of `file` (following symbolic links), or nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::filesystem::path& file);

struct FileDigest {
  std::string sha256;  // lowercase hex
  FileStamp stamp;     // of the bytes hashed
};

// Reads `file` through one descriptor: its stamp and the SHA-256 of its bytes. io_error
// when it cannot be opened or read.
Result<FileDigest> digest_file(const std::filesystem::path& file);

// The hex digest in lowercase; empty when `text` is not 64 hex digits.
std::string normalized_sha256(const std::string& text);

}  // namespace vigil::plugin_host
