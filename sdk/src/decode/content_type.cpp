// vigil::content_type: a MIME type from magic bytes, for images Vigil decodes and for the
// containers hotline lists also carry hashes of (video, archives, documents).
#include <algorithm>
#include <string>

#include "byte_reader.hpp"
#include "format_sniffer.hpp"
#include "vigil/decode.hpp"

namespace vigil {
namespace {

// ISO base media (MP4, QuickTime, 3GPP): a box size, then "ftyp" and the major brand.
std::string iso_media_type(const decode::ByteReader& reader) {
  if (reader.matches(8, "qt  ")) return "video/quicktime";
  if (reader.matches(8, "3gp") || reader.matches(8, "3g2")) return "video/3gpp";
  if (reader.matches(8, "heic") || reader.matches(8, "heix") || reader.matches(8, "mif1")) {
    return "image/heic";
  }
  if (reader.matches(8, "avif")) return "image/avif";
  return "video/mp4";
}

// Matroska and WebM share the EBML header; the DocType, near the start, tells them apart.
std::string ebml_media_type(std::span<const std::uint8_t> head) {
  const std::string_view text(reinterpret_cast<const char*>(head.data()),
                              std::min<std::size_t>(head.size(), 64));
  return text.find("webm") != std::string_view::npos ? "video/webm" : "video/x-matroska";
}

}  // namespace

std::string content_type(std::span<const std::uint8_t> head) {
  const auto image = decode::sniff_format(head);
  if (image != decode::ImageFormat::unknown) {
    return std::string(decode::mime_type(image));
  }
  const decode::ByteReader reader(head);
  if (reader.matches(4, "ftyp")) return iso_media_type(reader);
  if (reader.matches(0, "\x1A\x45\xDF\xA3")) return ebml_media_type(head);
  if (reader.matches(0, "RIFF") && reader.matches(8, "AVI ")) return "video/x-msvideo";
  if (reader.matches(0, "FLV\x01")) return "video/x-flv";
  if (reader.matches(0, std::string_view("\0\0\x01\xBA", 4))) return "video/mpeg";
  if (reader.matches(0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11")) return "video/x-ms-asf";
  if (reader.size() >= 189 && head[0] == 0x47 && head[188] == 0x47) return "video/mp2t";
  if (reader.matches(0, "%PDF-")) return "application/pdf";
  if (reader.matches(0, "PK\x03\x04")) return "application/zip";
  if (reader.matches(0, "\x1F\x8B")) return "application/gzip";
  if (reader.matches(0, "7z\xBC\xAF\x27\x1C")) return "application/x-7z-compressed";
  if (reader.matches(0, "Rar!\x1A\x07")) return "application/vnd.rar";
  return "application/octet-stream";
}

}  // namespace vigil
