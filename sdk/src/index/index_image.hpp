// The byte image of a PdqIndex, shared by the builder (which writes it), view() (which checks
// it) and the search kernels (which read it through an IndexView).
//
// Layout (little-endian, every array 64-byte aligned, sizes padded to 64):
//   ImageHeader                      128 bytes
//   ChunkRecord[substrings]          64 bytes each, padded to 64
//   front     [entries][2] u64       words[0..1] of each Pdq256
//   back      [entries][2] u64       words[2..3] of each Pdq256
//   per chunk c, for its width w and block shift s:
//     postings [entries] u32         entry ids sorted by (key, id)   (CSR values)
//     bases    [(2^w >> s) + 1] u32  offset of the first bucket of each block of 2^s
//     locals   [2^w + 1] u16         offset of each bucket minus its block's base
//   Bucket k of chunk c holds postings[begin(k) .. begin(k + 1)) with
//   begin(k) = bases[k >> s] + locals[k]. s is the largest shift (<= 16) for which every
//   block's span fits 16 bits, so the tables cost ~2 bytes per bucket.
//
// The hashes are split in halves so that verifying a candidate usually touches only the
// front half: a random entry is within d = 31 of a query on 128 bits with probability ~1e-8,
// and the front array is half the size, so more of it stays in cache.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "chunk_layout.hpp"
#include "vigil/status.hpp"

namespace vigil::index {

inline constexpr std::array<char, 8> kImageMagic = {'V', 'G', 'L', 'P', 'D', 'Q', 'I', 'X'};
inline constexpr std::uint32_t kImageVersion = 1;
inline constexpr std::uint32_t kByteOrderMark = 0x01020304;
inline constexpr std::size_t kImageAlignment = 64;
inline constexpr std::uint32_t kMaxBlockShift = 16;

struct ImageHeader {
  std::array<char, 8> magic;
  std::uint32_t byte_order;    // kByteOrderMark as written by the host
  std::uint32_t version;       // kImageVersion
  std::uint32_t header_bytes;  // this header plus the chunk records, padded
  std::uint32_t substrings;    // 0 or kMinSubstrings..kMaxSubstrings
  std::uint64_t entries;       // <= 2^32 - 1
  std::uint64_t image_bytes;   // total size of the image
  std::uint64_t front_offset;  // from the start of the image
  std::uint64_t back_offset;
  std::uint64_t payload_checksum;  // checksum64 of bytes [header_bytes, image_bytes)
  std::uint64_t header_checksum;   // checksum64 of the header (this field 0) and records
  std::array<std::uint8_t, 56> reserved;
};
static_assert(sizeof(ImageHeader) == 128);

struct ChunkRecord {
  std::uint32_t bit_start;
  std::uint32_t bit_width;
  std::uint32_t block_shift;
  std::uint32_t reserved0;
  std::uint64_t postings_offset;
  std::uint64_t bases_offset;
  std::uint64_t locals_offset;
  std::array<std::uint64_t, 3> reserved1;
};
static_assert(sizeof(ChunkRecord) == 64);

inline constexpr std::size_t round_up(std::size_t n) noexcept {
  return (n + kImageAlignment - 1) / kImageAlignment * kImageAlignment;
}
inline constexpr std::size_t header_bytes(std::size_t substrings) noexcept {
  return round_up(sizeof(ImageHeader) + substrings * sizeof(ChunkRecord));
}
inline constexpr std::size_t bases_count(std::uint32_t width, std::uint32_t shift) noexcept {
  return (std::size_t{1} << (width - shift)) + 1;
}
inline constexpr std::size_t locals_count(std::uint32_t width) noexcept {
  return (std::size_t{1} << width) + 1;
}

// One chunk's table, read in place.
struct ChunkTable {
  ChunkShape shape{};
  std::uint32_t block_shift = 0;
  const std::uint32_t* postings = nullptr;
  const std::uint32_t* bases = nullptr;
  const std::uint16_t* locals = nullptr;
};

// A checked image, read in place.
struct IndexView {
  std::uint32_t entries = 0;
  const std::uint64_t* front = nullptr;  // words 0..1 of each entry
  const std::uint64_t* back = nullptr;   // words 2..3 of each entry

  // All four words of entry `id`.
  std::array<std::uint64_t, 4> words(std::uint32_t id) const noexcept {
    const std::size_t at = 2 * std::size_t{id};
    return {front[at], front[at + 1], back[at], back[at + 1]};
  }
  std::size_t substrings = 0;
  std::array<ChunkTable, kMaxSubstrings> chunks{};
};

// Checks the header, the layout and each chunk's bases (O(substrings + buckets / 2^shift),
// never per entry) and, when asked, the payload checksum. invalid_argument on any mismatch.
Result<IndexView> parse_image(std::span<const std::uint8_t> image, bool verify_checksum);

// The header checksum of an image whose header and records are in place.
std::uint64_t header_checksum(std::span<const std::uint8_t> image) noexcept;

}  // namespace vigil::index
