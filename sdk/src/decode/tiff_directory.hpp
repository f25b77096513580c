// Reads the first image file directory (IFD0) of a TIFF structure.
//
// Used for TIFF files themselves and for EXIF blocks, which are TIFF structures too.
// Handles both byte orders, classic TIFF and BigTIFF. Every offset and count read from the
// data is checked against the buffer; nothing is allocated in proportion to a declared
// count that the buffer cannot hold.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "byte_reader.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

inline constexpr std::uint16_t kTiffTagImageWidth = 256;
inline constexpr std::uint16_t kTiffTagImageLength = 257;
inline constexpr std::uint16_t kTiffTagStripOffsets = 273;
inline constexpr std::uint16_t kTiffTagOrientation = 274;
inline constexpr std::uint16_t kTiffTagStripByteCounts = 279;
inline constexpr std::uint16_t kTiffTagTileOffsets = 324;
inline constexpr std::uint16_t kTiffTagTileByteCounts = 325;

struct TiffEntry {
  std::uint16_t tag = 0;
  std::uint16_t type = 0;
  std::uint64_t count = 0;
  std::uint64_t value_offset = 0;  // where the values start within the buffer
};

class TiffDirectory {
 public:
  // Parses the header and IFD0 of `bytes`. Errors: truncated when the header or the IFD
  // lies past the end of the buffer, decode_failed when they are malformed.
  // The returned directory refers to `bytes`, which must outlive it.
  static Result<TiffDirectory> parse(std::span<const std::uint8_t> bytes);

  // The entry for `tag`, or nullptr.
  const TiffEntry* find(std::uint16_t tag) const noexcept;

  // Value `index` of an integer entry (BYTE, SHORT, LONG, LONG8, IFD, IFD8), or nullopt
  // when the entry has another type or the value lies outside the buffer.
  std::optional<std::uint64_t> integer(const TiffEntry& entry, std::uint64_t index) const;

  // Shortcut: value 0 of `tag`, or nullopt.
  std::optional<std::uint64_t> integer(std::uint16_t tag) const;

 private:
  TiffDirectory(ByteReader reader, bool big_endian) : reader_(reader), big_endian_(big_endian) {}

  ByteReader reader_;
  bool big_endian_ = false;
  std::vector<TiffEntry> entries_;
};

}  // namespace vigil::decode
