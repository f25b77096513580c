#include "index_builder.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "checksum.hpp"
#include "index_image.hpp"
#include "table_writer.hpp"

namespace vigil::index {

namespace {

static_assert(sizeof(Pdq256) == 32, "Pdq256 must be exactly four 64-bit words");

struct Layout {
  std::size_t front = 0;
  std::size_t back = 0;
  std::vector<ChunkRecord> records;
  std::size_t total = 0;
};

Layout plan_layout(std::size_t entries, const std::vector<ChunkShape>& shapes,
                   const std::vector<std::uint32_t>& shifts) {
  Layout layout;
  std::size_t at = header_bytes(shapes.size());
  layout.front = at;
  at += round_up(entries * 16);
  layout.back = at;
  at += round_up(entries * 16);
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    ChunkRecord rec{};
    rec.bit_start = shapes[i].start;
    rec.bit_width = shapes[i].width;
    rec.block_shift = shifts[i];
    rec.postings_offset = at;
    at += round_up(entries * sizeof(std::uint32_t));
    rec.bases_offset = at;
    at += round_up(bases_count(rec.bit_width, rec.block_shift) * sizeof(std::uint32_t));
    rec.locals_offset = at;
    at += round_up(locals_count(rec.bit_width) * sizeof(std::uint16_t));
    layout.records.push_back(rec);
  }
  layout.total = at;
  return layout;
}

}  // namespace

ImageBuffer build_image(std::span<const Pdq256> hashes, int substrings) {
  const std::vector<ChunkShape> shapes = chunk_layout(substrings);
  TableWriter writer(hashes);
  const std::vector<std::uint32_t> shifts = writer.choose_block_shifts(shapes);
  const Layout layout = plan_layout(hashes.size(), shapes, shifts);

  ImageBuffer buffer(layout.total);
  std::uint8_t* image = buffer.data();
  auto* front = reinterpret_cast<std::uint64_t*>(image + layout.front);
  auto* back = reinterpret_cast<std::uint64_t*>(image + layout.back);
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    front[2 * i] = hashes[i].words[0];
    front[2 * i + 1] = hashes[i].words[1];
    back[2 * i] = hashes[i].words[2];
    back[2 * i + 1] = hashes[i].words[3];
  }
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    std::memcpy(image + sizeof(ImageHeader) + i * sizeof(ChunkRecord), &layout.records[i],
                sizeof(ChunkRecord));
    writer.write(image, layout.records[i]);
  }

  ImageHeader header{};
  header.magic = kImageMagic;
  header.byte_order = kByteOrderMark;
  header.version = kImageVersion;
  header.header_bytes = static_cast<std::uint32_t>(header_bytes(shapes.size()));
  header.substrings = static_cast<std::uint32_t>(shapes.size());
  header.entries = hashes.size();
  header.image_bytes = layout.total;
  header.front_offset = layout.front;
  header.back_offset = layout.back;
  const std::span<const std::uint8_t> all(image, layout.total);
  header.payload_checksum = checksum64(all.subspan(header.header_bytes));
  std::memcpy(image, &header, sizeof header);
  header.header_checksum = header_checksum(all);
  std::memcpy(image, &header, sizeof header);
  return buffer;
}

}  // namespace vigil::index
