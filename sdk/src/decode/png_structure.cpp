#include "png_structure.hpp"

#include <optional>

#include "byte_reader.hpp"
#include "exif_orientation.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "png";
constexpr std::uint64_t kSignatureSize = 8;
constexpr std::uint32_t kMaxChunkLength = 0x7FFFFFFFu;  // PNG spec: lengths are < 2^31

struct ChunkWalk {
  bool reached_iend = false;
  Status error;  // why the walk stopped early, if it did
  std::optional<std::span<const std::uint8_t>> exif;
};

// Walks chunk headers (length, type) from the first chunk to IEND without reading data.
ChunkWalk walk_chunks(const ByteReader& reader) {
  ChunkWalk walk;
  std::uint64_t pos = kSignatureSize;
  while (true) {
    const auto length = reader.u32be(pos);
    if (!length || !reader.has(pos + 4, 4)) {
      walk.error = truncated_error(kFormat, "data ends before the IEND chunk");
      return walk;
    }
    if (*length > kMaxChunkLength) {
      walk.error = malformed_error(kFormat, "chunk length out of range");
      return walk;
    }
    const std::uint64_t data_at = pos + 8;
    if (!reader.has(data_at, std::uint64_t{*length} + 4)) {  // data + CRC
      walk.error = truncated_error(kFormat, "a chunk runs past the end of the data");
      return walk;
    }
    if (reader.matches(pos + 4, "IEND")) {
      walk.reached_iend = true;
      return walk;
    }
    if (reader.matches(pos + 4, "eXIf") && !walk.exif) walk.exif = reader.slice(data_at, *length);
    pos = data_at + *length + 4;
  }
}

}  // namespace

Result<HeaderInfo> read_png_header(std::span<const std::uint8_t> bytes) {
  const ByteReader reader(bytes);
  // Signature, then IHDR: length (13), "IHDR", width, height, ...
  const auto ihdr_length = reader.u32be(8);
  if (!ihdr_length || !reader.has(12, 4)) return truncated_error(kFormat, "header is cut short");
  if (!reader.matches(12, "IHDR") || *ihdr_length != 13) {
    return malformed_error(kFormat, "first chunk is not a valid IHDR");
  }
  const auto width = reader.u32be(16);
  const auto height = reader.u32be(20);
  if (!width || !height) return truncated_error(kFormat, "IHDR is cut short");
  if (*width > kMaxChunkLength || *height > kMaxChunkLength) {
    return malformed_error(kFormat, "IHDR dimensions out of range");
  }
  HeaderInfo info;
  info.width = *width;
  info.height = *height;
  const ChunkWalk walk = walk_chunks(reader);
  if (walk.exif) info.exif_orientation = read_exif_orientation(*walk.exif);
  return info;
}

Status check_png_complete(std::span<const std::uint8_t> bytes) {
  const ChunkWalk walk = walk_chunks(ByteReader(bytes));
  if (!walk.reached_iend) return walk.error;
  return Status::success();
}

}  // namespace vigil::decode
