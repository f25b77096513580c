// Internal: the on-disk layout of a bank snapshot (format version 2).
//
// A snapshot is one file, used in place through a read-only memory map:
//
//   FileHeader (64 bytes)                magic, format version, file size, SHA-256 of
//                                        everything after the header
//   SectionHeader[section_count]         kind, offset, size of each section
//   sections, each 64-byte aligned:
//     metadata      JSON: name, version, source, created_time, counts
//     type_names    signal type names, '\n'-separated; EntryRecord::type indexes them
//     strings       string pool referenced by (offset, length) pairs
//     entries       EntryRecord[entry_count]
//     pdq_index     a PdqIndex image (see vigil/pdq_index.hpp) over the pdq entries
//     pdq_entries   uint32 entry number for each PdqIndex slot
//     digest_*      DigestRecord<N>[] sorted by digest bytes, for md5 / sha1 / sha256
//     other_entries uint32 entry numbers of every entry whose type has no table above
//                   (not pdq, md5, sha1 or sha256: "brightness", "pdna", "tlsh"...),
//                   sorted by (EntryRecord::type, value bytes, entry number): the exact
//                   lookup table for those types
//
// All integers are little-endian (the only byte order Vigil runs on; the reader checks).
// Any change to this layout bumps kSnapshotFormatVersion.
//
// Version history:
//   1  no other_entries section: signals of other types were stored but never matched.
//   2  other_entries added. The reader still reads version 1 snapshots correctly: it
//      builds the other_entries table in memory when it opens one (a sort of those
//      entries, usually few), so banks written before the upgrade keep serving and match
//      every type; the next import rewrites them as version 2.
#pragma once

#include <cstdint>
#include <string_view>

namespace vigil::bank {

inline constexpr char kSnapshotMagic[8] = {'V', 'I', 'G', 'I', 'L', 'B', 'N', 'K'};
inline constexpr std::uint32_t kSnapshotFormatVersion = 2;
inline constexpr std::uint32_t kOldestReadableSnapshotFormatVersion = 1;
inline constexpr std::uint64_t kSectionAlignment = 64;

struct FileHeader {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t section_count;
  std::uint64_t file_size;
  std::uint8_t payload_sha256[32];
  std::uint8_t reserved[8];
};
static_assert(sizeof(FileHeader) == 64);

enum class SectionKind : std::uint32_t {
  metadata = 1,
  type_names = 2,
  strings = 3,
  entries = 4,
  pdq_index = 5,
  pdq_entries = 6,
  digest_md5 = 7,
  digest_sha1 = 8,
  digest_sha256 = 9,
  other_entries = 10,  // format version 2 and later
};

struct SectionHeader {
  SectionKind kind;
  std::uint32_t reserved;
  std::uint64_t offset;
  std::uint64_t size;
};
static_assert(sizeof(SectionHeader) == 24);

struct StringRef {
  std::uint32_t offset;
  std::uint32_t length;
};

struct EntryRecord {
  std::uint32_t type;  // index into type_names
  std::uint32_t reserved;
  StringRef value;
  StringRef entry_id;
  StringRef source;
  StringRef category;
  StringRef labels;  // '\n'-separated
  std::int64_t added_time;
};
static_assert(sizeof(EntryRecord) == 56);

template <unsigned N>
struct DigestRecord {
  std::uint8_t digest[N];
  std::uint32_t entry;
};

// True for the signal types found through other_entries: every type but the ones with a
// table of their own (pdq, md5, sha1, sha256).
inline bool in_other_entries(std::string_view type) {
  return type != "pdq" && type != "md5" && type != "sha1" && type != "sha256";
}

}  // namespace vigil::bank
