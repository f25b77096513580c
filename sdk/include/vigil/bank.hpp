// Bank: one immutable version of a named hash list, ready to match against.
//
// A bank version is read from a snapshot file (see BankStore) that is memory-mapped:
// opening costs a checksum pass and no per-entry work, so a 10M-entry bank is ready in
// about the time it takes to read it once. Every signal type a bank holds is matched:
// md5, sha1 and sha256 in sorted digest tables; PDQ through an exact Hamming index that
// queries all dihedral variants of an upload at once and returns precisely what a
// brute-force scan would; any other type (a plugin's "brightness", "tlsh", "video_md5",
// "pdna"...) exactly, in a table sorted by (type, value).
//
// Snapshots of format version 2 are written; version 1 snapshots (written before other
// types were matched) are still read, and match every type too.
//
// A Bank never changes; a new list delivery is a new Bank (a new version) that callers
// swap in. Every const method is thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "vigil/bank_entry.hpp"
#include "vigil/export.hpp"
#include "vigil/match.hpp"
#include "vigil/signal.hpp"
#include "vigil/status.hpp"

namespace vigil {

struct BankInfo {
  std::string name;
  std::uint64_t version = 0;
  std::string source;                           // what the last import said it came from
  std::string created_time;                     // RFC 3339 UTC, when this version was written
  std::string checksum;                         // SHA-256 of the snapshot payload (hex)
  std::map<std::string, std::uint64_t> counts;  // entries per signal type
  std::uint64_t entry_count = 0;
  std::filesystem::path path;  // the snapshot file

  // The version as it appears in matches: the decimal version number.
  std::string version_string() const { return std::to_string(version); }
};

struct MatchOptions {
  int pdq_max_distance = 31;  // 0..63
  int pdq_min_quality = 50;   // PDQ hashes of lower quality are not matched
};

class VIGIL_API Bank {
 public:
  // Opens and verifies a snapshot (magic, format version, sizes, checksum). Errors:
  // not_found, io_error, corrupt_data (a corrupt, truncated, empty or foreign file).
  static Result<std::shared_ptr<const Bank>> open(const std::filesystem::path& snapshot);

  ~Bank();
  Bank(const Bank&) = delete;
  Bank& operator=(const Bank&) = delete;

  const BankInfo& info() const noexcept;

  // Appends the bank's matches for `signals` to `out`. A pdq signal is queried with its
  // dihedral variants (Signal::attributes "orig", "rot90", ...) when present, else with its
  // value alone; each bank entry is reported once, with its smallest distance and the
  // variant that reached it. Signals of every other type match exactly, with distance 0
  // and an empty variant: the signal's value in stored form (normalize_signal_value in
  // vigil/signal_value.hpp: md5/sha1/sha256 hex in either case; other types with
  // surrounding whitespace removed, otherwise byte for byte) equals an entry's value of
  // the same type. A value that is not valid for its type matches nothing.
  void match(const std::vector<Signal>& signals, const MatchOptions& options,
             std::vector<Match>& out) const;

  // Every entry, in snapshot order (for deltas and exports). Reads the whole bank.
  std::vector<BankEntry> entries() const;

 private:
  Bank();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
