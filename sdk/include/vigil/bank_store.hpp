// BankStore: a directory of named, versioned banks.
//
// Layout: <directory>/<name>/v<version>.vbank snapshots and a CURRENT file naming the
// one in service. Applying a list writes the next version beside the current one and
// only then repoints CURRENT with an atomic rename: readers (other threads, other
// processes) keep using the previous version until the new one is complete and verified,
// and a failure at any point leaves the previous version serving, untouched. Writers of
// one bank are serialised with a lock file, so several processes may share a directory.
// The two newest versions before the current one are kept for rollback; older ones are
// removed.
//
// Crash safety: snapshots and CURRENT are written durably (a temporary file, fsync'ed,
// renamed, and the directory fsync'ed), so once apply() returns the new version survives
// a crash or power loss, and a crash before then leaves the previous one. Should CURRENT
// still be lost or damaged (missing, empty, unreadable, or naming a snapshot that is
// missing or does not verify: a disk fault, a copy gone wrong, a crash under an earlier
// release that did not fsync), open() and current_snapshot() serve the newest snapshot
// that verifies instead, and log a warning saying so; the next import writes a good
// CURRENT again.
//
// Thread-safety: a BankStore holds only its directory; every method may be called from
// many threads (and processes) at once.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "vigil/bank.hpp"
#include "vigil/bank_entry.hpp"
#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

enum class ImportMode {
  replace,  // the batches become the bank's whole content (full-snapshot lists)
  delta,    // the batches update the current content: new and changed entries, removals
};

class VIGIL_API BankStore {
 public:
  explicit BankStore(std::filesystem::path directory);

  // $VIGIL_BANK_DIR, else $XDG_DATA_HOME/vigil/banks, else ~/.local/share/vigil/banks.
  static std::filesystem::path default_directory();

  const std::filesystem::path& directory() const noexcept { return directory_; }

  // Writes a new version of bank `name` from the files of one delivery, applied in order
  // (page 1 of a feed, then page 2, ...) into ONE new version, all or nothing: when any
  // batch is refused no version is written and the previous one keeps serving.
  //
  // Each batch is applied to what the batches before it left, starting from the version
  // in service (delta) or from an empty bank (replace: the batches together are the whole
  // list). Within a batch its removals come first: a tombstone removes every entry with
  // its entry_id, or, without one, every entry with its type and value. Then its entries:
  // one with the (entry_id, signal_type) of an entry present replaces it (an update, kept
  // in place); the others are added. So a later batch deletes what an earlier one added,
  // re-adds what an earlier one deleted, and updates what an earlier one said. (A single
  // list file never holds an entry together with its own removal: see list_import.hpp.)
  //
  // No batches writes an unchanged copy (delta) or an empty bank (replace) as a new
  // version. Errors: invalid_argument (bad name); malformed_list (an entry whose value is
  // not valid for its type; two entries in one batch with the same entry_id and type but
  // different values, prefixed "batch <i> of <n>: " when there are several batches);
  // corrupt_data (no stored snapshot of the bank verifies); too_large; io_error.
  Result<BankInfo> apply_sequence(const std::string& name, std::span<const ImportBatch> batches,
                                  ImportMode mode, const std::string& source);

  // apply_sequence with one batch.
  Result<BankInfo> apply(const std::string& name, const ImportBatch& batch, ImportMode mode,
                         const std::string& source);

  // The version in service, opened and verified (a full checksum pass): CURRENT's
  // snapshot, else, with a warning, the newest snapshot that verifies. Errors: not_found
  // (no such bank: neither CURRENT nor a snapshot), corrupt_data (no snapshot verifies),
  // io_error, invalid_argument (bad name).
  Result<std::shared_ptr<const Bank>> open(const std::string& name) const;

  // The path of the version in service, chosen as open() chooses it. Cheap when asked
  // again: a snapshot is read and checksummed once per process while the file stays the
  // same (device, inode, size, modification time); after that, a stat(). Errors as open().
  Result<std::filesystem::path> current_snapshot(const std::string& name) const;

  // Names of the banks in the directory (with a CURRENT or at least one snapshot), sorted.
  std::vector<std::string> names() const;

  // Bank names: 1..64 characters of [a-z0-9_.-], not starting with '.'.
  static bool valid_name(const std::string& name);

 private:
  std::filesystem::path directory_;
};

}  // namespace vigil
