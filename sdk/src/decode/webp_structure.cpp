#include "webp_structure.hpp"

#include <algorithm>
#include <optional>

#include "byte_reader.hpp"
#include "exif_orientation.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "webp";
constexpr std::uint64_t kRiffHeaderSize = 12;  // "RIFF", size, "WEBP"
constexpr std::uint8_t kVp8xAnimationFlag = 0x02;

struct ChunkWalk {
  Status status;  // ok when every chunk lies inside the RIFF data
  bool has_image_chunk = false;
  std::optional<std::span<const std::uint8_t>> exif;
};

ChunkWalk walk_chunks(const ByteReader& reader) {
  ChunkWalk walk;
  const auto riff_size = reader.u32le(4);
  if (!riff_size) {
    walk.status = truncated_error(kFormat, "RIFF header is cut short");
    return walk;
  }
  const std::uint64_t riff_end = std::uint64_t{*riff_size} + 8;
  if (riff_end > reader.size()) {
    walk.status = truncated_error(kFormat, "data ends before the RIFF size says it should");
    return walk;
  }
  std::uint64_t pos = kRiffHeaderSize;
  while (pos + 8 <= riff_end) {
    const auto size = *reader.u32le(pos + 4);
    const std::uint64_t data_at = pos + 8;
    if (size > riff_end - data_at) {
      walk.status = truncated_error(kFormat, "a chunk runs past the end of the RIFF data");
      return walk;
    }
    if (reader.matches(pos, "VP8 ") || reader.matches(pos, "VP8L")) walk.has_image_chunk = true;
    if (reader.matches(pos, "EXIF") && !walk.exif) walk.exif = reader.slice(data_at, size);
    pos = data_at + size + (size & 1u);  // chunks are padded to an even size
  }
  return walk;
}

Result<HeaderInfo> vp8_dimensions(const ByteReader& chunk) {
  // Frame tag (3 bytes, bit 0 clear for a key frame), start code 9D 01 2A, then 14-bit
  // width and height (the top two bits are a scaling hint).
  const auto tag = chunk.u8(0);
  if (!chunk.has(0, 10)) return truncated_error(kFormat, "VP8 header is cut short");
  if ((*tag & 1u) != 0) return malformed_error(kFormat, "VP8 data does not start with a key frame");
  if (!chunk.matches(3, "\x9D\x01\x2A")) return malformed_error(kFormat, "bad VP8 start code");
  HeaderInfo info;
  info.width = *chunk.u16le(6) & 0x3FFFu;
  info.height = *chunk.u16le(8) & 0x3FFFu;
  return info;
}

Result<HeaderInfo> vp8l_dimensions(const ByteReader& chunk) {
  // Signature 0x2F, then 14 bits width - 1 and 14 bits height - 1, little-endian.
  if (!chunk.has(0, 5)) return truncated_error(kFormat, "VP8L header is cut short");
  if (*chunk.u8(0) != 0x2F) return malformed_error(kFormat, "bad VP8L signature");
  const std::uint32_t bits = *chunk.u32le(1);
  HeaderInfo info;
  info.width = (bits & 0x3FFFu) + 1;
  info.height = ((bits >> 14) & 0x3FFFu) + 1;
  return info;
}

Result<HeaderInfo> vp8x_dimensions(const ByteReader& chunk) {
  // Flags (1), reserved (3), canvas width - 1 (24 bits), canvas height - 1 (24 bits).
  if (!chunk.has(0, 10)) return truncated_error(kFormat, "VP8X header is cut short");
  if ((*chunk.u8(0) & kVp8xAnimationFlag) != 0) {
    return Status(ErrorCode::unsupported_format, "webp: animated WebP is not supported");
  }
  HeaderInfo info;
  info.width = *chunk.u24le(4) + 1;
  info.height = *chunk.u24le(7) + 1;
  return info;
}

// Dimensions from the first chunk, whose payload is clipped to the bytes present (the
// parsers check the lengths they need).
Result<HeaderInfo> first_chunk_dimensions(const ByteReader& reader) {
  const auto size = reader.u32le(kRiffHeaderSize + 4);
  if (!size) return truncated_error(kFormat, "header is cut short");
  const std::uint64_t data_at = kRiffHeaderSize + 8;
  const auto available = std::min<std::uint64_t>(*size, reader.size() - data_at);
  const ByteReader chunk(*reader.slice(data_at, available));
  if (reader.matches(kRiffHeaderSize, "VP8 ")) return vp8_dimensions(chunk);
  if (reader.matches(kRiffHeaderSize, "VP8L")) return vp8l_dimensions(chunk);
  if (reader.matches(kRiffHeaderSize, "VP8X")) return vp8x_dimensions(chunk);
  return malformed_error(kFormat, "first chunk is not VP8, VP8L or VP8X");
}

}  // namespace

Result<HeaderInfo> read_webp_header(std::span<const std::uint8_t> bytes) {
  const ByteReader reader(bytes);
  auto info = first_chunk_dimensions(reader);
  if (!info.ok()) return info;
  const ChunkWalk walk = walk_chunks(reader);
  if (walk.exif) info->exif_orientation = read_exif_orientation(*walk.exif);
  return info;
}

Status check_webp_complete(std::span<const std::uint8_t> bytes) {
  const ChunkWalk walk = walk_chunks(ByteReader(bytes));
  if (!walk.status.ok()) return walk.status;
  if (!walk.has_image_chunk) return malformed_error(kFormat, "no VP8 or VP8L image chunk");
  return Status::success();
}

}  // namespace vigil::decode
