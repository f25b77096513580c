#include "batch_builder.hpp"

#include <algorithm>
#include <utility>

#include "quoted_text.hpp"

namespace vigil::bank_import {
namespace {

// Keys join fields with NUL: types and stored values never contain NUL, so splitting from
// the right is unambiguous even when an entry_id does.
std::string entry_key(std::string_view entry_id, std::string_view type) {
  std::string key(entry_id);
  key += '\0';
  key += type;
  return key;
}

std::string signal_key(std::string_view type, std::string_view value) {
  std::string key(type);
  key += '\0';
  key += value;
  return key;
}

// How messages name an entry: by its id, unless the id is the value itself (values are
// never printed: PhotoDNA values are licensed).
std::string name_of(const BankEntry& entry) {
  if (entry.entry_id == entry.value) return "the " + entry.signal_type + " entry";
  return "entry_id " + in_quotes(entry.entry_id) + " (" + entry.signal_type + ")";
}

std::string name_of(const Tombstone& removal) {
  if (!removal.entry_id.empty() && removal.entry_id != removal.value) {
    return "the removal of entry_id " + in_quotes(removal.entry_id);
  }
  return "the removal of a " + removal.signal_type + " value";
}

bool same_label_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

Status BatchBuilder::conflict(RecordLocation later, std::string_view message,
                              RecordLocation earlier) const {
  const RecordContext context{file_, later};
  return context.error({}, std::string(message) + " at " + describe(earlier));
}

Status BatchBuilder::add_entry(BankEntry entry, RecordLocation where) {
  if (entry.entry_id.empty() || entry.signal_type.empty() || entry.value.empty()) {
    return Status(ErrorCode::internal, "list importer produced an incomplete entry");
  }
  const auto [it, inserted] =
      entry_index_.try_emplace(entry_key(entry.entry_id, entry.signal_type), entries_.size());
  if (inserted) {
    entries_.push_back(EntrySlot{std::move(entry), where});
    return Status::success();
  }
  EntrySlot& first = entries_[it->second];
  if (first.entry.value != entry.value) {
    return conflict(where, name_of(entry) + " has a different value than", first.where);
  }
  const bool same_details = first.entry.source == entry.source &&
                            first.entry.category == entry.category &&
                            same_label_set(first.entry.labels, entry.labels);
  if (same_details) {
    if (entry.added_time > first.entry.added_time) {
      first.entry.added_time = entry.added_time;
      first.where = where;
    }
    return Status::success();
  }
  if (entry.added_time == first.entry.added_time) {
    return conflict(where,
                    name_of(entry) +
                        " has the same value and time but a different source, category or "
                        "labels than",
                    first.where);
  }
  if (entry.added_time > first.entry.added_time) {
    first.entry.source = std::move(entry.source);
    first.entry.category = std::move(entry.category);
    first.entry.labels = std::move(entry.labels);
    first.entry.added_time = entry.added_time;
    first.where = where;
  }
  return Status::success();
}

Status BatchBuilder::add_removal(Tombstone removal, std::int64_t time, RecordLocation where) {
  if (removal.entry_id.empty() && (removal.signal_type.empty() || removal.value.empty())) {
    return Status(ErrorCode::internal, "list importer produced an incomplete removal");
  }
  std::string key = entry_key(removal.entry_id, removal.signal_type);
  key += '\0';
  key += removal.value;
  const auto [it, inserted] = removal_index_.try_emplace(std::move(key), removals_.size());
  if (inserted) {
    removals_.push_back(RemovalSlot{std::move(removal), time, where});
  } else {
    RemovalSlot& first = removals_[it->second];
    if (time > first.time) {
      first.time = time;
      first.where = where;
    }
  }
  return Status::success();
}

Status BatchBuilder::resolve_removal(RemovalSlot& removal,
                                     const std::vector<std::size_t>& matches) {
  const EntrySlot* newer_entry = nullptr;
  const EntrySlot* older_entry = nullptr;
  for (const std::size_t index : matches) {
    const EntrySlot& entry = entries_[index];
    if (entry.entry.added_time == removal.time) {
      return conflict(removal.where,
                      name_of(removal.removal) + " has the same time as " + name_of(entry.entry) +
                          ", so which is current cannot be told; it is",
                      entry.where);
    }
    if (entry.entry.added_time > removal.time) {
      newer_entry = &entry;
    } else {
      older_entry = &entry;
    }
  }
  if (newer_entry != nullptr && older_entry != nullptr) {
    return conflict(removal.where,
                    name_of(removal.removal) + " is later than " + name_of(older_entry->entry) +
                        " at " + describe(older_entry->where) + " but earlier than the entry",
                    newer_entry->where);
  }
  if (newer_entry != nullptr) {
    removal.dropped = true;
  } else {
    for (const std::size_t index : matches) entries_[index].dropped = true;
  }
  return Status::success();
}

Result<ImportBatch> BatchBuilder::finish() {
  if (!removals_.empty() && !entries_.empty()) {
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_id;
    std::unordered_map<std::string, std::vector<std::size_t>> by_signal;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const BankEntry& entry = entries_[i].entry;
      by_id[entry.entry_id].push_back(i);
      by_signal[signal_key(entry.signal_type, entry.value)].push_back(i);
    }
    static const std::vector<std::size_t> kNone;
    for (RemovalSlot& removal : removals_) {
      const Tombstone& tombstone = removal.removal;
      const std::vector<std::size_t>* matches = &kNone;
      if (!tombstone.entry_id.empty()) {
        if (const auto it = by_id.find(tombstone.entry_id); it != by_id.end()) {
          matches = &it->second;
        }
      } else if (const auto it = by_signal.find(signal_key(tombstone.signal_type, tombstone.value));
                 it != by_signal.end()) {
        matches = &it->second;
      }
      if (matches->empty()) continue;
      if (Status status = resolve_removal(removal, *matches); !status.ok()) return status;
    }
  }

  ImportBatch batch;
  batch.entries.reserve(entries_.size());
  for (EntrySlot& slot : entries_) {
    if (!slot.dropped) batch.entries.push_back(std::move(slot.entry));
  }
  for (RemovalSlot& slot : removals_) {
    if (!slot.dropped) batch.removals.push_back(std::move(slot.removal));
  }
  entries_.clear();
  removals_.clear();
  entry_index_.clear();
  removal_index_.clear();
  return batch;
}

}  // namespace vigil::bank_import
