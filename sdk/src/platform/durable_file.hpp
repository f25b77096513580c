// Internal: the file recipes libvigil's durable state is made of, built on the FileSystem
// seam (file_system.hpp): replacing a file so that a crash or power loss leaves either its
// old contents or its new contents under its name, never a torn mix or nothing; creating a
// directory so that it survives a crash; reading a small file in one go.
//
// The replacement recipe (as LevelDB and SQLite do it): write `<path>.tmp`, fsync it, rename
// it over `<path>`, fsync the directory. Without the file fsync a crash can leave the new
// name pointing at an empty or partial file; without the directory fsync the rename itself
// may be lost, so a caller that reported success would find the old contents after a reboot.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "file_system.hpp"
#include "vigil/status.hpp"

namespace vigil::platform {

struct DurableReplaceOptions {
  // Permission bits of the new file (the process umask still applies).
  unsigned permissions = 0644;
  // false: the same atomic rename without either fsync (for callers that let their users
  // trade durability for speed, like the audit log's `fsync = false`).
  bool sync = true;
};

// Replaces `path` with `contents` as described above. When it returns success the new
// contents are on stable storage. A failure before the rename leaves `path` as it was (or
// absent, if it did not exist) and removes the temporary; a failure to fsync the directory
// after it leaves the new contents in place, perhaps not yet durable. A `<path>.tmp` left
// by an earlier crash is overwritten. Not safe against concurrent writers of the same
// `path`: the caller keeps them out (the bank store and the audit log each hold a lock).
// Errors: io_error "<what> <file>: <system message>", e.g. "cannot fsync directory /x: ...".
Status replace_file_durably(FileSystem& file_system, const std::filesystem::path& path,
                            std::string_view contents, const DurableReplaceOptions& options = {});

// Creates `directory` and any missing parents, fsyncing the parent of each directory it
// creates so that the new entries survive a crash. Success when it already exists.
// Errors: io_error as above.
Status create_directories_durably(FileSystem& file_system, const std::filesystem::path& directory);

// The whole of a regular file of at most `max_bytes` bytes, read with one open; nullopt
// when it does not exist. Errors (io_error, naming the path): "cannot open <path>: ...",
// "cannot stat <path>: ...", "<path> is not a regular file", "<path> is too large",
// "cannot read <path>: ...", "cannot read <path>: it shrank while read".
Result<std::optional<std::string>> read_file_once(const std::filesystem::path& path,
                                                  std::size_t max_bytes);

}  // namespace vigil::platform
