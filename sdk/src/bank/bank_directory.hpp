// Internal: the files of one bank's directory (the layout is in vigil/bank_store.hpp):
// v<version>.vbank snapshots and the CURRENT file naming the one in service.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/file_system.hpp"
#include "vigil/status.hpp"

namespace vigil::bank {

inline constexpr const char* kCurrentFileName = "CURRENT";

// "v000042.vbank" for version 42.
std::string snapshot_file_name(std::uint64_t version);

// The version in a snapshot file name ("v" digits ".vbank"); nullopt for any other name.
std::optional<std::uint64_t> snapshot_file_version(std::string_view file_name);

// The snapshot files in `bank_directory`, newest version first (none when it is missing).
std::vector<std::filesystem::path> snapshots_newest_first(
    const std::filesystem::path& bank_directory);

// The snapshot CURRENT names, as a path in `bank_directory` (not checked to exist).
// Errors, each message starting with "CURRENT" and naming no path: not_found (no CURRENT
// file), corrupt_data (empty, or not one snapshot file name), io_error (unreadable).
Result<std::filesystem::path> read_current(const std::filesystem::path& bank_directory);

// Points CURRENT at `snapshot` (a file in `bank_directory`) with
// platform::replace_file_durably on `file_system`.
Status write_current(platform::FileSystem& file_system, const std::filesystem::path& bank_directory,
                     const std::filesystem::path& snapshot);

// Removes the snapshots more than `keep` versions older than `current` (best effort).
void prune_snapshots(platform::FileSystem& file_system, const std::filesystem::path& bank_directory,
                     std::uint64_t current, std::uint64_t keep);

}  // namespace vigil::bank
