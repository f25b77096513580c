// BankEntry and ImportBatch: one hotline list record, and what one delivery of a list says.
//
// Every entry carries an explicit signal type ("pdq", "md5", "sha1", "sha256", "pdna",
// "vpdq"...): a value's length never decides its type (PDQ and SHA-256 are both 64 hex
// digits). Hash values are stored as lowercase hex. PhotoDNA ("pdna") values are licensed
// and opaque: they may be stored and handed to a licensed matcher, never printed or logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil {

struct BankEntry {
  std::string signal_type;
  std::string value;     // lowercase hex (opaque for pdna)
  std::string entry_id;  // the list's id for the record; unique within a bank
  std::string source;    // who supplied it, e.g. "ncmec", "iwf", a file name
  std::string category;  // e.g. IWF "A"/"B"/"C", NCMEC classification
  std::vector<std::string> labels;
  std::int64_t added_time = 0;  // Unix seconds; 0 when the list does not say

  friend bool operator==(const BankEntry&, const BankEntry&) = default;
};

// A record a feed says to remove. Matched by entry_id when the list gives one, else by
// (signal_type, value).
struct Tombstone {
  std::string entry_id;
  std::string signal_type;
  std::string value;

  friend bool operator==(const Tombstone&, const Tombstone&) = default;
};

// Everything one imported file says: entries to add or update, and removals.
struct ImportBatch {
  std::vector<BankEntry> entries;
  std::vector<Tombstone> removals;
};

}  // namespace vigil
