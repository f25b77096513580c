// Internal: writes a bank snapshot (snapshot_format.hpp) from a list of entries.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "platform/file_system.hpp"
#include "vigil/bank_entry.hpp"
#include "vigil/status.hpp"

namespace vigil::bank {

struct SnapshotMetadata {
  std::string name;
  std::uint64_t version = 0;
  std::string source;
  std::string created_time;
};

// Validates every entry's value for its type, builds the indexes and writes the snapshot
// to `path` on `file_system` durably (platform::replace_file_durably: a temporary file,
// fsync'ed, renamed, and the directory fsync'ed), so a crash never leaves a half-written
// snapshot under that name and a snapshot reported written survives a power loss.
// Errors: malformed_list naming the entry, too_large when the string pool would exceed the
// format's 4 GiB, io_error.
Status write_snapshot(platform::FileSystem& file_system, const std::filesystem::path& path,
                      const SnapshotMetadata& metadata, const std::vector<BankEntry>& entries);

}  // namespace vigil::bank
