// Internal: replacing a small or large file so that a crash or power loss leaves either
// its old contents or its new contents under its name, never a torn mix or nothing.
//
// The recipe (as LevelDB and SQLite do it): write `<path>.tmp`, fsync it, rename it over
// `<path>`, fsync the directory. Without the file fsync a crash can leave the new name
// pointing at an empty or partial file; without the directory fsync the rename itself may
// be lost, so a caller that reported success would find the old contents after a reboot.
#pragma once

#include <filesystem>
#include <string_view>

#include "vigil/status.hpp"

namespace vigil::details {

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
Status replace_file_durably(const std::filesystem::path& path, std::string_view contents,
                            const DurableReplaceOptions& options = {});

// fsyncs a directory, so that entries just created or renamed in it survive a crash (for
// a new directory, sync its parent). Errors: io_error as above.
Status sync_directory(const std::filesystem::path& directory);

}  // namespace vigil::details
