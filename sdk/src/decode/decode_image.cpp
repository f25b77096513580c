// The public entry points of vigil/decode.hpp: the decode pipeline.
//
//   bytes -> size limit -> sniff + header -> dimension limits -> completeness -> decode
//         -> 8-bit RGB
//
// Nothing proportional to the image size is allocated before the dimension limits pass.

#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "colour_conversion.hpp"
#include "dimension_limits.hpp"
#include "file_reader.hpp"
#include "format_sniffer.hpp"
#include "gif_decoder.hpp"
#include "header_probe.hpp"
#include "opencv_decoder.hpp"
#include "tiff_structure.hpp"
#include "truncation_check.hpp"
#include "vigil/decode.hpp"

namespace vigil {
namespace {

using decode::ImageFormat;

Result<Frame> decode_pixels(const decode::ProbedHeader& header, std::span<const std::uint8_t> bytes,
                            const DecodeLimits& limits) {
  if (header.format == ImageFormat::gif) {
    return decode::decode_gif_first_frame(bytes, limits);
  }
  const std::string_view name = decode::format_name(header.format);
  std::optional<std::vector<std::uint8_t>> patched;
  if (header.format == ImageFormat::tiff) {
    patched = decode::tiff_with_orientation_neutralised(bytes);
    if (patched) bytes = *patched;
  }
  const auto image = decode::decode_with_opencv(bytes, name);
  if (!image.ok()) return image.status();
  // The header parsers and the codec must agree, or one of them misread the file.
  if (static_cast<std::uint32_t>(image->cols) != header.info.width ||
      static_cast<std::uint32_t>(image->rows) != header.info.height) {
    return Status(ErrorCode::decode_failed,
                  std::string(name) + ": decoded size " + std::to_string(image->cols) + "x" +
                      std::to_string(image->rows) + " differs from the header's " +
                      std::to_string(header.info.width) + "x" + std::to_string(header.info.height));
  }
  return decode::to_rgb_frame(*image);
}

Result<Media> decode_image_unguarded(std::span<const std::uint8_t> bytes,
                                     const DecodeLimits& limits) {
  if (bytes.empty()) return Status(ErrorCode::empty_input, "image data is empty (0 bytes)");
  if (bytes.size() > limits.max_encoded_bytes) {
    return Status(ErrorCode::too_large, "image data is " + std::to_string(bytes.size()) +
                                            " bytes, over the limit of " +
                                            std::to_string(limits.max_encoded_bytes));
  }
  const auto header = decode::probe_header(bytes);
  if (!header.ok()) return header.status();
  const std::string what = std::string(decode::format_name(header->format)) + " image";
  Status within_limits =
      decode::check_dimensions(header->info.width, header->info.height, limits, what);
  if (!within_limits.ok()) return within_limits;
  Status complete = decode::check_complete(header->format, bytes);
  if (!complete.ok()) return complete;

  auto frame = decode_pixels(*header, bytes, limits);
  if (!frame.ok()) return frame.status();

  Media media;
  media.type = MediaType::image;
  media.frames.push_back(std::move(*frame));
  media.metadata.mime_type = std::string(decode::mime_type(header->format));
  media.metadata.exif_orientation = header->info.exif_orientation;
  return media;
}

}  // namespace

Result<Media> decode_image(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  try {
    return decode_image_unguarded(bytes, limits);
  } catch (const std::bad_alloc&) {
    return Status(ErrorCode::too_large, "out of memory while decoding the image");
  } catch (const std::exception& e) {
    return Status(ErrorCode::internal, std::string("unexpected exception: ") + e.what());
  }
}

Result<Media> decode_image_file(const std::filesystem::path& path, const DecodeLimits& limits) {
  try {
    auto bytes = decode::read_file_bounded(path, limits.max_encoded_bytes);
    if (!bytes.ok()) return bytes.status();
    auto media = decode_image(*bytes, limits);
    if (!media.ok()) return media;
    media->source_path = path;
    return media;
  } catch (const std::bad_alloc&) {
    return Status(ErrorCode::too_large, "out of memory while reading the image");
  } catch (const std::exception& e) {
    return Status(ErrorCode::internal, std::string("unexpected exception: ") + e.what());
  }
}

Result<ImageHeader> probe_image(std::span<const std::uint8_t> bytes) {
  try {
    const auto header = decode::probe_header(bytes);
    if (!header.ok()) return header.status();
    if (header->info.width == 0 || header->info.height == 0) {
      return Status(ErrorCode::empty_input, std::string(decode::format_name(header->format)) +
                                                " image declares a zero dimension");
    }
    ImageHeader result;
    result.format = std::string(decode::format_name(header->format));
    result.width = header->info.width;
    result.height = header->info.height;
    result.exif_orientation = header->info.exif_orientation;
    return result;
  } catch (const std::exception& e) {
    return Status(ErrorCode::internal, std::string("unexpected exception: ") + e.what());
  }
}

}  // namespace vigil
