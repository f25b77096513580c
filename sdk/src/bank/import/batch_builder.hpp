// BatchBuilder: collects one file's entries and removals and applies the within-one-file
// rules of vigil/list_import.hpp (uniqueness per (entry_id, signal_type), duplicates kept
// once, no removal together with an entry it matches).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "record_context.hpp"
#include "vigil/bank_entry.hpp"
#include "vigil/status.hpp"

namespace vigil::bank_import {

class BatchBuilder {
 public:
  // `file` is used in error messages and must outlive the builder.
  explicit BatchBuilder(std::string_view file) : file_(file) {}

  // Adds an entry read at `where` (its signal_type, value and entry_id already checked and
  // non-empty). Errors: a different value for the same (entry_id, signal_type), or a
  // conflicting duplicate with the same time.
  Status add_entry(BankEntry entry, RecordLocation where);

  // Adds a removal read at `where`; `time` (Unix seconds, 0 = unknown) orders it against
  // entries it matches.
  Status add_removal(Tombstone removal, std::int64_t time, RecordLocation where);

  // Resolves entries against the removals that match them and returns the batch.
  Result<ImportBatch> finish();

 private:
  struct EntrySlot {
    BankEntry entry;
    RecordLocation where;
    bool dropped = false;
  };
  struct RemovalSlot {
    Tombstone removal;
    std::int64_t time = 0;
    RecordLocation where;
    bool dropped = false;
  };

  Status resolve_removal(RemovalSlot& removal, const std::vector<std::size_t>& matches);
  Status conflict(RecordLocation later, std::string_view message, RecordLocation earlier) const;

  std::string_view file_;
  std::vector<EntrySlot> entries_;
  std::vector<RemovalSlot> removals_;
  std::unordered_map<std::string, std::size_t> entry_index_;    // entry_id \0 type
  std::unordered_map<std::string, std::size_t> removal_index_;  // entry_id \0 type \0 value
};

}  // namespace vigil::bank_import
