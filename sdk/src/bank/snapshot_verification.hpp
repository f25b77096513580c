// Internal: verifying bank snapshots once per file, not once per question.
//
// Snapshots are immutable: a new version is a new file, and a rewritten name is a new
// inode. So the verdict of one checksum pass (verified, or corrupt) holds for as long as
// the file keeps its identity (device, inode, size, modification time). These functions
// remember the verdicts of the last few hundred snapshots this process opened, so that
// BankStore::current_snapshot, asked again and again by Engine::reload_banks, costs a
// stat() instead of a read of the whole bank. Thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include "vigil/bank.hpp"
#include "vigil/status.hpp"

namespace vigil::bank {

// Bank::open, remembering the verdict. A snapshot already found corrupt (corrupt_data)
// and unchanged since is refused again without being read.
Result<std::shared_ptr<const Bank>> open_snapshot(const std::filesystem::path& snapshot);

// Success when `snapshot` verifies: from the remembered verdict when the file is
// unchanged since, else by open_snapshot. Errors as Bank::open.
Status verify_snapshot(const std::filesystem::path& snapshot);

}  // namespace vigil::bank
