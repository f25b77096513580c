#include "gif_decoder.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "byte_reader.hpp"
#include "dimension_limits.hpp"
#include "gif_lzw_decoder.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "gif";
constexpr std::uint64_t kScreenDescriptorEnd = 13;  // "GIF89a" + 7-byte descriptor
constexpr std::uint8_t kExtensionIntroducer = 0x21;
constexpr std::uint8_t kImageSeparator = 0x2C;
constexpr std::uint8_t kTrailer = 0x3B;
constexpr std::uint8_t kColourTableFlag = 0x80;
constexpr std::uint8_t kInterlaceFlag = 0x40;

struct ColourTable {
  std::span<const std::uint8_t> rgb;  // 3 bytes per entry
  std::size_t entries() const { return rgb.size() / 3; }
};

// Reads the colour table announced by `packed` (a screen or image descriptor flags byte)
// at `pos`, advancing `pos` past it.
Result<ColourTable> read_colour_table(const ByteReader& reader, std::uint8_t packed,
                                      std::uint64_t& pos) {
  if ((packed & kColourTableFlag) == 0) return ColourTable{};
  const std::uint64_t bytes = 3u * (2u << (packed & 7u));
  const auto table = reader.slice(pos, bytes);
  if (!table) return truncated_error(kFormat, "colour table is cut short");
  pos += bytes;
  return ColourTable{*table};
}

// Skips a chain of data sub-blocks ending with a zero-length block.
Status skip_sub_blocks(const ByteReader& reader, std::uint64_t& pos) {
  while (true) {
    const auto size = reader.u8(pos);
    if (!size) return truncated_error(kFormat, "data ends inside an extension block");
    pos += 1u + *size;
    if (*size == 0) return Status::success();
  }
}

struct ImageDescriptor {
  std::uint32_t left = 0;
  std::uint32_t top = 0;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  bool interlaced = false;
  ColourTable local_colours;
  unsigned min_code_size = 0;
  std::uint64_t data_offset = 0;  // first sub-block of image data
};

// Finds the first image descriptor after the screen descriptor and global colour table.
Result<ImageDescriptor> find_first_image(const ByteReader& reader, std::uint64_t pos) {
  while (true) {
    const auto introducer = reader.u8(pos);
    if (!introducer) return truncated_error(kFormat, "data ends before the first image");
    if (*introducer == kExtensionIntroducer) {
      pos += 2;  // introducer, label
      Status skipped = skip_sub_blocks(reader, pos);
      if (!skipped.ok()) return skipped;
      continue;
    }
    if (*introducer == kTrailer) return malformed_error(kFormat, "no image before the trailer");
    if (*introducer != kImageSeparator) return malformed_error(kFormat, "unknown block type");

    // Separator, left, top, width, height (16-bit little-endian), flags.
    if (!reader.has(pos, 10)) return truncated_error(kFormat, "image descriptor is cut short");
    ImageDescriptor image;
    image.left = *reader.u16le(pos + 1);
    image.top = *reader.u16le(pos + 3);
    image.width = *reader.u16le(pos + 5);
    image.height = *reader.u16le(pos + 7);
    const std::uint8_t flags = *reader.u8(pos + 9);
    image.interlaced = (flags & kInterlaceFlag) != 0;
    pos += 10;
    auto local = read_colour_table(reader, flags, pos);
    if (!local.ok()) return local.status();
    image.local_colours = *local;
    const auto min_code_size = reader.u8(pos);
    if (!min_code_size) return truncated_error(kFormat, "data ends before the image data");
    if (!GifLzwDecoder::is_valid_min_code_size(*min_code_size)) {
      return malformed_error(kFormat, "invalid LZW minimum code size");
    }
    image.min_code_size = *min_code_size;
    image.data_offset = pos + 1;
    return image;
  }
}

// Rows of an image in the order they are stored: 0..h-1, or the four interlace passes.
template <typename RowFunction>
Status for_each_stored_row(std::uint32_t height, bool interlaced, RowFunction&& row_function) {
  if (!interlaced) {
    for (std::uint32_t y = 0; y < height; ++y) {
      Status status = row_function(y);
      if (!status.ok()) return status;
    }
    return Status::success();
  }
  constexpr std::array<std::uint32_t, 4> kStart = {0, 4, 2, 1};
  constexpr std::array<std::uint32_t, 4> kStep = {8, 8, 4, 2};
  for (std::size_t pass = 0; pass < kStart.size(); ++pass) {
    for (std::uint32_t y = kStart[pass]; y < height; y += kStep[pass]) {
      Status status = row_function(y);
      if (!status.ok()) return status;
    }
  }
  return Status::success();
}

}  // namespace

Result<HeaderInfo> read_gif_header(std::span<const std::uint8_t> bytes) {
  const ByteReader reader(bytes);
  if (!reader.has(0, kScreenDescriptorEnd)) {
    return truncated_error(kFormat, "logical screen descriptor is cut short");
  }
  HeaderInfo info;
  info.width = *reader.u16le(6);
  info.height = *reader.u16le(8);
  return info;
}

Result<Frame> decode_gif_first_frame(std::span<const std::uint8_t> bytes,
                                     const DecodeLimits& limits) {
  const auto header = read_gif_header(bytes);
  if (!header.ok()) return header.status();
  const std::uint32_t screen_width = header->width;
  const std::uint32_t screen_height = header->height;
  Status screen_ok = check_dimensions(screen_width, screen_height, limits, "gif logical screen");
  if (!screen_ok.ok()) return screen_ok;

  const ByteReader reader(bytes);
  const std::uint8_t screen_flags = *reader.u8(10);
  const std::uint8_t background_index = *reader.u8(11);
  std::uint64_t pos = kScreenDescriptorEnd;
  const auto global = read_colour_table(reader, screen_flags, pos);
  if (!global.ok()) return global.status();

  const auto image = find_first_image(reader, pos);
  if (!image.ok()) return image.status();
  Status image_ok = check_dimensions(image->width, image->height, limits, "gif first image");
  if (!image_ok.ok()) return image_ok;
  const ColourTable& colours = image->local_colours.rgb.empty() ? *global : image->local_colours;
  if (colours.rgb.empty()) return malformed_error(kFormat, "no colour table");

  Frame frame;
  frame.width = screen_width;
  frame.height = screen_height;
  frame.stride = std::size_t{3} * screen_width;
  frame.storage.assign(frame.stride * screen_height, 0);
  if (background_index < global->entries()) {
    const auto* colour = global->rgb.data() + 3u * background_index;
    for (std::size_t i = 0; i < frame.storage.size(); i += 3) {
      std::copy(colour, colour + 3, frame.storage.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  GifLzwDecoder lzw(bytes, image->data_offset, image->min_code_size);
  std::vector<std::uint8_t> indices(image->width);
  // The part of each image row that falls on the screen.
  const std::uint32_t visible_columns =
      image->left >= screen_width ? 0 : std::min(image->width, screen_width - image->left);
  Status decoded = for_each_stored_row(image->height, image->interlaced, [&](std::uint32_t y) {
    Status status = lzw.read(indices);
    if (!status.ok()) return status;
    const std::uint64_t screen_y = std::uint64_t{image->top} + y;
    if (screen_y >= screen_height || visible_columns == 0) return Status::success();
    std::uint8_t* out = frame.storage.data() + screen_y * frame.stride + 3u * image->left;
    for (std::uint32_t x = 0; x < visible_columns; ++x, out += 3) {
      const std::uint8_t index = indices[x];
      if (index < colours.entries()) {
        std::copy_n(colours.rgb.data() + 3u * index, 3, out);
      } else {
        std::fill_n(out, 3, std::uint8_t{0});
      }
    }
    return Status::success();
  });
  if (!decoded.ok()) return decoded;
  return frame;
}

}  // namespace vigil::decode
