// Internal: a bank's entries while the batches of one import are applied to them in order.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "vigil/bank_entry.hpp"
#include "vigil/status.hpp"

namespace vigil::bank {

class BankContent {
 public:
  // Starts from `entries` (a bank version's, or none), assumed unique per
  // (entry_id, signal_type) as every snapshot is.
  explicit BankContent(std::vector<BankEntry> entries);

  // Applies one batch, as BankStore::apply_sequence describes: its removals first (by
  // entry_id when the tombstone has one, else by (signal_type, value)), then its entries
  // (one with the (entry_id, signal_type) of an entry present replaces it in place; the
  // others are appended). Exact duplicates within the batch are kept once. Errors:
  // malformed_list when the batch holds two entries with the same (entry_id, signal_type)
  // and different values; nothing has changed then.
  Status apply(const ImportBatch& batch);

  // The entries present, in order. Leaves the content empty.
  std::vector<BankEntry> take();

 private:
  using IdAndType = std::pair<std::string, std::string>;

  void remove(std::size_t slot);
  void remove_value(const std::string& type, const std::string& value);
  void put(const BankEntry& entry);

  std::vector<BankEntry> slots_;  // every entry ever present; removed ones are not live
  std::vector<bool> live_;
  std::map<IdAndType, std::size_t> by_id_;  // live slots, ordered so one id's types are adjacent
  // (type '\n' value) -> slots that held it; built on the first removal by value, may list
  // slots since removed or changed (checked on use).
  std::unordered_map<std::string, std::vector<std::size_t>> by_value_;
  bool by_value_built_ = false;
};

}  // namespace vigil::bank
