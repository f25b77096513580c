#include "bank_content.hpp"

#include <string_view>

namespace vigil::bank {
namespace {

std::string value_key(const std::string& type, const std::string& value) {
  return type + '\n' + value;
}

// The batch's entries once each; refuses two values for one (entry_id, signal_type).
Result<std::vector<const BankEntry*>> unique_entries(const std::vector<BankEntry>& entries) {
  std::map<std::pair<std::string_view, std::string_view>, const BankEntry*> seen;
  std::vector<const BankEntry*> unique;
  for (const BankEntry& entry : entries) {
    auto [it, inserted] = seen.emplace(
        std::pair<std::string_view, std::string_view>(entry.entry_id, entry.signal_type), &entry);
    if (inserted) {
      unique.push_back(&entry);
    } else if (it->second->value != entry.value) {
      return Status(ErrorCode::malformed_list,
                    "entry '" + entry.entry_id + "' has two " + entry.signal_type + " values");
    }
  }
  return unique;
}

}  // namespace

BankContent::BankContent(std::vector<BankEntry> entries)
    : slots_(std::move(entries)), live_(slots_.size(), true) {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    by_id_[{slots_[i].entry_id, slots_[i].signal_type}] = i;
  }
}

Status BankContent::apply(const ImportBatch& batch) {
  auto unique = unique_entries(batch.entries);
  if (!unique.ok()) return unique.status();
  for (const Tombstone& tombstone : batch.removals) {
    if (tombstone.entry_id.empty()) {
      remove_value(tombstone.signal_type, tombstone.value);
      continue;
    }
    auto it = by_id_.lower_bound({tombstone.entry_id, std::string()});
    while (it != by_id_.end() && it->first.first == tombstone.entry_id) {
      live_[it->second] = false;
      it = by_id_.erase(it);
    }
  }
  for (const BankEntry* entry : *unique) put(*entry);
  return Status::success();
}

void BankContent::remove(std::size_t slot) {
  live_[slot] = false;
  by_id_.erase({slots_[slot].entry_id, slots_[slot].signal_type});
}

void BankContent::remove_value(const std::string& type, const std::string& value) {
  if (!by_value_built_) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (live_[i]) by_value_[value_key(slots_[i].signal_type, slots_[i].value)].push_back(i);
    }
    by_value_built_ = true;
  }
  auto found = by_value_.find(value_key(type, value));
  if (found == by_value_.end()) return;
  for (std::size_t slot : found->second) {
    if (live_[slot] && slots_[slot].signal_type == type && slots_[slot].value == value) {
      remove(slot);
    }
  }
  by_value_.erase(found);
}

void BankContent::put(const BankEntry& entry) {
  auto [it, inserted] = by_id_.emplace(IdAndType{entry.entry_id, entry.signal_type}, slots_.size());
  if (inserted) {
    slots_.push_back(entry);
    live_.push_back(true);
  } else {
    slots_[it->second] = entry;
  }
  if (by_value_built_) by_value_[value_key(entry.signal_type, entry.value)].push_back(it->second);
}

std::vector<BankEntry> BankContent::take() {
  std::vector<BankEntry> entries;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (live_[i]) entries.push_back(std::move(slots_[i]));
  }
  slots_.clear();
  live_.clear();
  by_id_.clear();
  by_value_.clear();
  by_value_built_ = false;
  return entries;
}

}  // namespace vigil::bank
