// The safe image decoder: encoded image bytes in, one 8-bit RGB frame out.
//
// Uploads are hostile input. Before any pixel is decoded, the decoder identifies the
// format from its magic bytes (never from a file name or a MIME type the uploader chose),
// reads the dimensions from the format's own header and refuses anything over the
// configured limits, and checks that the file is structurally complete. Only then are the
// pixels decoded (by OpenCV, or by Vigil's own decoder for GIF). A truncated or corrupt
// file is an error, never a half-decoded image.
//
// Supported formats: JPEG, PNG, WebP (still images), BMP, TIFF (first page) and GIF (first
// frame). Anything else is ErrorCode::unsupported_format.
//
// Pixels: the returned Media has type image and exactly one Frame that owns tightly packed
// 8-bit RGB pixels (R first, stride = 3 * width). Conversions:
//   - grey is replicated to R = G = B; alpha is dropped (colour values are kept as stored,
//     never composited over a background);
//   - palette images are expanded through their palette;
//   - 16-bit samples are scaled to 8 bits with rounding: round(v * 255 / 65535), so 65535
//     becomes 255 and 32896 becomes 128;
//   - floating-point samples are taken as 0.0..1.0, clipped to that range and scaled to
//     0..255 with rounding (NaN becomes 0);
//   - CMYK JPEGs are converted to RGB by OpenCV/libjpeg.
// EXIF orientation is never applied: the frame has the stored (unrotated) dimensions and
// the orientation tag is only recorded in metadata.exif_orientation.
//
// GIF: the first frame is drawn onto the logical screen (its size is the frame size). Screen
// pixels the first image does not cover take the background colour (black without a global
// colour table); transparent pixels keep their palette colour, as with any dropped alpha.
//
// Error codes (see vigil/status.hpp):
//   empty_input         zero bytes, or an image whose header declares a zero width or height
//   too_large           more than max_encoded_bytes, or dimensions over the DecodeLimits
//   unsupported_format  the magic bytes match no supported format (or an animated WebP)
//   truncated           the data ends before the format's own structure says it should
//                       (e.g. a JPEG without an EOI marker after its scan data, a PNG
//                       without IEND, a BMP or TIFF whose pixel data lies past the end)
//   decode_failed       the data is malformed, or the codec rejected it
//   not_found / invalid_argument / io_error   decode_image_file only: missing path;
//                       a directory or other non-regular file, or an empty path; a read
//                       failure (e.g. permission denied)
// Messages never contain the file path (a file name may be personal data); callers add
// their own context with Status::with_context.
//
// Thread-safety: every function may be called from many threads at once.
// The first decode lowers OpenCV's global log level from WARNING (its default) to ERROR, so
// that hostile input does not flood stderr; a level the host chose itself is left alone.
// Messages printed directly by libpng/libjpeg/OpenCV (not through OpenCV's logger) cannot
// be silenced without redirecting the process's stderr, which a library must not do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "vigil/export.hpp"
#include "vigil/media.hpp"
#include "vigil/status.hpp"

namespace vigil {

// Upper bounds applied before any pixel is decoded.
struct DecodeLimits {
  // Encoded size. For decode_image_file it is checked against the file size before reading.
  std::size_t max_encoded_bytes = std::size_t{256} * 1024 * 1024;
  // width * height, as declared by the header (for GIF, also the first frame's own size).
  std::uint64_t max_pixels = 100'000'000;
  // Largest width or height.
  std::uint32_t max_dimension = 30'000;
};

// Decodes `bytes` (a whole encoded image) into a Media as described above.
// metadata.mime_type is set ("image/jpeg", "image/png", "image/webp", "image/bmp",
// "image/tiff", "image/gif") and metadata.exif_orientation is 1..8 when the file carries a
// valid EXIF orientation (JPEG APP1, PNG eXIf, WebP EXIF, TIFF tag 274), otherwise 0.
// source_path and source_bytes are left empty: `bytes` is not retained.
VIGIL_API Result<Media> decode_image(std::span<const std::uint8_t> bytes,
                                     const DecodeLimits& limits = {});

// Like decode_image on the contents of the file at `path`, and sets media.source_path.
// The file size is checked against limits.max_encoded_bytes before anything is read.
VIGIL_API Result<Media> decode_image_file(const std::filesystem::path& path,
                                          const DecodeLimits& limits = {});

// What the header of an image says, without decoding pixels.
struct ImageHeader {
  std::string format;  // "jpeg", "png", "webp", "bmp", "tiff" or "gif"
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int exif_orientation = 0;  // 1..8, or 0 when absent or invalid
};

// Identifies the format and reads the dimensions and EXIF orientation from the headers.
// Cheap: it never decodes pixel data and does not check that the file is complete, so an
// ok result does not mean decode_image will succeed. Errors: empty_input (zero bytes or a
// zero dimension), unsupported_format, truncated (the header itself is cut short),
// decode_failed (a malformed header), too_large (a TIFF dimension over 32 bits).
VIGIL_API Result<ImageHeader> probe_image(std::span<const std::uint8_t> bytes);

// The MIME type of content from its leading bytes (pass at least the first 512 bytes, or
// all of a shorter upload): the image types above, common video containers ("video/mp4",
// "video/quicktime", "video/webm", "video/x-matroska", "video/x-msvideo", "video/mp2t",
// ...), a few archive and document types, else "application/octet-stream". Only magic
// bytes count, never a name or a declared type. Never fails.
VIGIL_API std::string content_type(std::span<const std::uint8_t> head);

}  // namespace vigil
