// Internal: the on-disk layout of a bank snapshot (format version 1).
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
//
// All integers are little-endian (the only byte order Vigil runs on; the reader checks).
// Any change to this layout bumps kSnapshotFormatVersion.
#pragma once

#include <cstdint>

namespace vigil::details {

inline constexpr char kSnapshotMagic[8] = {'V', 'I', 'G', 'I', 'L', 'B', 'N', 'K'};
inline constexpr std::uint32_t kSnapshotFormatVersion = 1;
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

}  // namespace vigil::details
