#include "tiff_structure.hpp"

#include <algorithm>
#include <limits>

#include "exif_orientation.hpp"
#include "tiff_directory.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "tiff";

// Checks that each (offset, byte count) pair of two parallel arrays lies inside the data.
Status check_segments(const TiffDirectory& directory, std::uint16_t offsets_tag,
                      std::uint16_t counts_tag, std::uint64_t data_size) {
  const TiffEntry* offsets = directory.find(offsets_tag);
  const TiffEntry* counts = directory.find(counts_tag);
  if (offsets == nullptr || counts == nullptr) return Status::success();  // libtiff decides
  const std::uint64_t n = std::min(offsets->count, counts->count);
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto offset = directory.integer(*offsets, i);
    const auto count = directory.integer(*counts, i);
    if (!offset || !count) {
      return truncated_error(kFormat, "strip or tile table runs past the end of the data");
    }
    if (*offset > data_size || *count > data_size - *offset) {
      return truncated_error(kFormat, "a strip or tile lies past the end of the data");
    }
  }
  return Status::success();
}

}  // namespace

Result<HeaderInfo> read_tiff_header(std::span<const std::uint8_t> bytes) {
  const auto directory = TiffDirectory::parse(bytes);
  if (!directory.ok()) return directory.status();
  const auto width = directory->integer(kTiffTagImageWidth);
  const auto height = directory->integer(kTiffTagImageLength);
  if (!width || !height) return malformed_error(kFormat, "missing or unreadable image size");
  constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
  if (*width > kMax || *height > kMax) {
    return Status(ErrorCode::too_large, "tiff: image dimension does not fit in 32 bits");
  }
  HeaderInfo info;
  info.width = static_cast<std::uint32_t>(*width);
  info.height = static_cast<std::uint32_t>(*height);
  info.exif_orientation = read_orientation_tag(*directory);
  return info;
}

std::optional<std::vector<std::uint8_t>> tiff_with_orientation_neutralised(
    std::span<const std::uint8_t> bytes) {
  const auto directory = TiffDirectory::parse(bytes);
  if (!directory.ok()) return std::nullopt;
  const TiffEntry* entry = directory->find(kTiffTagOrientation);
  if (entry == nullptr || entry->type != 3 /* SHORT */ || entry->count == 0) return std::nullopt;
  const auto value = directory->integer(*entry, 0);
  if (!value || *value == 1 || entry->value_offset > bytes.size() - 2) return std::nullopt;
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
  const auto at = static_cast<std::size_t>(entry->value_offset);
  const bool big_endian = copy[0] == 'M';
  copy[at] = big_endian ? 0 : 1;
  copy[at + 1] = big_endian ? 1 : 0;
  return copy;
}

Status check_tiff_complete(std::span<const std::uint8_t> bytes) {
  const auto directory = TiffDirectory::parse(bytes);
  if (!directory.ok()) return directory.status();
  Status strips =
      check_segments(*directory, kTiffTagStripOffsets, kTiffTagStripByteCounts, bytes.size());
  if (!strips.ok()) return strips;
  return check_segments(*directory, kTiffTagTileOffsets, kTiffTagTileByteCounts, bytes.size());
}

}  // namespace vigil::decode
