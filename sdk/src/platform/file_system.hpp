// Internal: the file-system seam (LevelDB's Env). The bank store, the snapshot writer and
// the audit log make every file change through a FileSystem, so that tests can put a
// fault-injecting implementation underneath them and "crash" between any two operations
// (tests/platform/fault_injection_file_system.hpp). Reads (mmap, pread, stat, flock) are
// not changes and stay direct system calls: they see whatever the changes left.
//
// The outbox keeps its state in SQLite, which does its own I/O (WAL, fsync); outside SQLite
// it only creates its directory (durably, on the real file system), so it does not use
// this seam.
//
// Errors: every operation returns ErrorCode::io_error "<what> <path>: <system message>"
// (not_found for rename/remove of a missing file). Nothing throws.
// Thread-safety: posix_file_system() is stateless and may be used from any thread. A
// FileSystem installed for testing must be as thread-safe as its users need.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "vigil/status.hpp"

namespace vigil::platform {

// A file opened for writing. Owns its descriptor: destroying it closes the file.
class File {
 public:
  virtual ~File() = default;
  // The descriptor, for flock(2), pread(2) and fstat(2), which the seam does not cover.
  virtual int descriptor() const = 0;
  // Writes all of `data` at the end of the file (retrying short writes and EINTR).
  virtual Status append(std::string_view data) = 0;
  // fsync(2): the contents and metadata written so far survive a crash.
  virtual Status sync() = 0;
  // fdatasync(2): the contents written so far survive a crash (enough for appends).
  virtual Status sync_data() = 0;
  // Cuts the file to `size` bytes (not durable until the next sync).
  virtual Status truncate(std::int64_t size) = 0;
  // Closes now, reporting an error a deferred write may only show here.
  virtual Status close() = 0;
};

enum class OpenMode {
  create_truncate,  // O_WRONLY | O_CREAT | O_TRUNC: a new file, or an old one emptied
  read_append,      // O_RDWR | O_CREAT | O_APPEND: an append-only log
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Opens `path` (permission bits `permissions`, before the umask, when it is created).
  virtual Result<std::unique_ptr<File>> open(const std::filesystem::path& path, OpenMode mode,
                                             unsigned permissions) = 0;
  // rename(2): atomically replaces `to` with `from` (not durable until the directory sync).
  virtual Status rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  // unlink(2).
  virtual Status remove(const std::filesystem::path& path) = 0;
  // mkdir(2) of one directory; true when it was created, false when it already existed.
  virtual Result<bool> create_directory(const std::filesystem::path& directory) = 0;
  // fsync(2) of a directory: the entries created, renamed or removed in it survive a crash.
  virtual Status sync_directory(const std::filesystem::path& directory) = 0;
};

// The real POSIX file system.
FileSystem& posix_file_system();

// The file system libvigil's components use: posix_file_system() unless a test installed
// another. Components take it when they open, and the bank store again for each change.
FileSystem& current_file_system();

// Test seam: makes `file_system` current (nullptr: back to posix_file_system()) and returns
// the previous one. Install before opening the component under test and restore after it
// is destroyed; not safe while other threads open components.
FileSystem* install_file_system_for_testing(FileSystem* file_system);

}  // namespace vigil::platform
