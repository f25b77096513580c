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
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "vigil/bank.hpp"
#include "vigil/bank_entry.hpp"
#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

enum class ImportMode {
  replace,  // the batch becomes the bank's whole content (full-snapshot lists)
  delta,    // the batch updates the current content: new and changed entries, removals
};

class VIGIL_API BankStore {
 public:
  explicit BankStore(std::filesystem::path directory);

  // $VIGIL_BANK_DIR, else $XDG_DATA_HOME/vigil/banks, else ~/.local/share/vigil/banks.
  static std::filesystem::path default_directory();

  const std::filesystem::path& directory() const noexcept { return directory_; }

  // Writes a new version of bank `name` from `batch` (see ImportMode). In delta mode an
  // entry replaces the one with the same (entry_id, signal_type); a tombstone removes
  // every entry with its entry_id, or, without one, every entry with its type and value.
  // In replace mode tombstones are ignored. Errors: invalid_argument (bad name),
  // malformed_list (an entry whose value is not valid for its type, or two entries with
  // the same entry_id and type but different values), io_error.
  Result<BankInfo> apply(const std::string& name, const ImportBatch& batch, ImportMode mode,
                         const std::string& source);

  // The version in service, opened and verified.
  Result<std::shared_ptr<const Bank>> open(const std::string& name) const;

  // The snapshot path CURRENT names (cheap: nothing is opened).
  Result<std::filesystem::path> current_snapshot(const std::string& name) const;

  // Names of the banks in the directory, sorted.
  std::vector<std::string> names() const;

  // Bank names: 1..64 characters of [a-z0-9_.-], not starting with '.'.
  static bool valid_name(const std::string& name);

 private:
  std::filesystem::path directory_;
};

}  // namespace vigil
