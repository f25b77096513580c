#include "index_image.hpp"

#include <bit>
#include <cstring>
#include <limits>
#include <vector>

#include "checksum.hpp"

namespace vigil::index {

namespace {

Status bad_image(std::string what) {
  return Status(ErrorCode::invalid_argument, "pdq index image: " + std::move(what));
}

// True when [offset, offset + bytes) lies inside an image of `size` bytes and is aligned.
bool array_fits(std::uint64_t offset, std::uint64_t bytes, std::uint64_t size) noexcept {
  return offset % kImageAlignment == 0 && offset <= size && bytes <= size - offset;
}

Status check_chunk(const ChunkRecord& rec, ChunkShape expected, std::uint64_t entries,
                   std::uint64_t size, std::size_t index) {
  const std::string name = "chunk " + std::to_string(index);
  if (rec.bit_start != expected.start || rec.bit_width != expected.width) {
    return bad_image(name + ": layout does not match the substring count");
  }
  if (rec.block_shift > kMaxBlockShift || rec.block_shift > rec.bit_width) {
    return bad_image(name + ": block shift out of range");
  }
  if (!array_fits(rec.postings_offset, entries * 4, size) ||
      !array_fits(rec.bases_offset, bases_count(rec.bit_width, rec.block_shift) * 4, size) ||
      !array_fits(rec.locals_offset, locals_count(rec.bit_width) * 2, size)) {
    return bad_image(name + ": table outside the image or misaligned");
  }
  return Status::success();
}

// bases must start at 0, never decrease and end at `entries`, so every bucket range computed
// from them plus a 16-bit local stays within a few 64K of a valid offset; the kernels clamp
// the rest.
Status check_bases(const std::uint32_t* bases, std::size_t count, std::uint64_t entries,
                   std::size_t index) {
  if (bases[0] != 0 || bases[count - 1] != entries) {
    return bad_image("chunk " + std::to_string(index) + ": bucket offsets do not span entries");
  }
  for (std::size_t i = 1; i < count; ++i) {
    if (bases[i] < bases[i - 1]) {
      return bad_image("chunk " + std::to_string(index) + ": bucket offsets decrease");
    }
  }
  return Status::success();
}

}  // namespace

std::uint64_t header_checksum(std::span<const std::uint8_t> image) noexcept {
  ImageHeader header;
  std::memcpy(&header, image.data(), sizeof header);
  const std::size_t records = std::size_t{header.substrings} * sizeof(ChunkRecord);
  header.header_checksum = 0;
  const std::uint64_t h =
      checksum64({reinterpret_cast<const std::uint8_t*>(&header), sizeof header});
  return checksum64(image.subspan(sizeof header, records), h);
}

Result<IndexView> parse_image(std::span<const std::uint8_t> image, bool verify_checksum) {
  if (image.size() < sizeof(ImageHeader)) {
    return bad_image("truncated: " + std::to_string(image.size()) + " bytes, no header");
  }
  if (reinterpret_cast<std::uintptr_t>(image.data()) % 8 != 0) {
    return bad_image("bytes must be 8-byte aligned");
  }
  ImageHeader h;
  std::memcpy(&h, image.data(), sizeof h);
  if (h.magic != kImageMagic) return bad_image("not a PDQ index image (bad magic)");
  if (h.byte_order != kByteOrderMark || std::endian::native != std::endian::little) {
    return bad_image("byte order differs from this host's");
  }
  if (h.version != kImageVersion) {
    return bad_image("unsupported version " + std::to_string(h.version));
  }
  if (h.substrings != 0 && (h.substrings < static_cast<std::uint32_t>(kMinSubstrings) ||
                            h.substrings > static_cast<std::uint32_t>(kMaxSubstrings))) {
    return bad_image("substring count " + std::to_string(h.substrings) + " out of range");
  }
  if (h.header_bytes != header_bytes(h.substrings)) return bad_image("bad header size");
  if (image.size() < h.header_bytes) return bad_image("truncated inside the chunk records");
  if (header_checksum(image) != h.header_checksum) return bad_image("header checksum mismatch");
  if (h.image_bytes != image.size()) {
    return bad_image("size mismatch: header says " + std::to_string(h.image_bytes) +
                     " bytes, got " + std::to_string(image.size()) +
                     (image.size() < h.image_bytes ? " (truncated)" : ""));
  }
  if (h.entries > std::numeric_limits<std::uint32_t>::max()) {
    return bad_image("too many entries");
  }
  if (h.front_offset < h.header_bytes || h.back_offset < h.header_bytes ||
      !array_fits(h.front_offset, h.entries * 16, image.size()) ||
      !array_fits(h.back_offset, h.entries * 16, image.size())) {
    return bad_image("hashes outside the image or misaligned");
  }

  IndexView view;
  view.entries = static_cast<std::uint32_t>(h.entries);
  view.front = reinterpret_cast<const std::uint64_t*>(image.data() + h.front_offset);
  view.back = reinterpret_cast<const std::uint64_t*>(image.data() + h.back_offset);
  view.substrings = h.substrings;
  const std::vector<ChunkShape> shapes = chunk_layout(static_cast<int>(h.substrings));
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    ChunkRecord rec;
    std::memcpy(&rec, image.data() + sizeof h + i * sizeof rec, sizeof rec);
    if (Status s = check_chunk(rec, shapes[i], h.entries, image.size(), i); !s.ok()) return s;
    ChunkTable& t = view.chunks[i];
    t.shape = shapes[i];
    t.block_shift = rec.block_shift;
    t.postings = reinterpret_cast<const std::uint32_t*>(image.data() + rec.postings_offset);
    t.bases = reinterpret_cast<const std::uint32_t*>(image.data() + rec.bases_offset);
    t.locals = reinterpret_cast<const std::uint16_t*>(image.data() + rec.locals_offset);
    if (Status s = check_bases(t.bases, bases_count(t.shape.width, t.block_shift), h.entries, i);
        !s.ok()) {
      return s;
    }
  }
  if (verify_checksum && checksum64(image.subspan(h.header_bytes)) != h.payload_checksum) {
    return bad_image("payload checksum mismatch (corrupted)");
  }
  return view;
}

}  // namespace vigil::index
