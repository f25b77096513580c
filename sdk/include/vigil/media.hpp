// Media: one upload as the engine sees it, decoded frames plus what the platform knows
// about it.
//
// A Media owns its pixels (8-bit RGB, row-major, tightly packed unless `stride` says
// otherwise) or views pixels the caller keeps alive for the duration of a scan (see
// Frame::view). Raw encoded bytes, when known, are kept as a path or an in-memory buffer
// so detectors can hash them (MD5, SHA-*) without the engine loading a 2 GB video.
//
// Metadata is for routing and reporting only. It may hold a suspect's personal data
// (uploader id, source IP): it is never logged; logs carry content_id only.
// Thread-safety: a const Media may be read from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vigil/export.hpp"

namespace vigil {

enum class MediaType { image, video };

// "image" / "video".
VIGIL_API const char* to_string(MediaType type) noexcept;

// One 8-bit RGB frame (3 bytes per pixel, R first).
struct Frame {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::size_t stride = 0;  // bytes between the starts of consecutive rows, >= 3 * width
  double timestamp_seconds = 0.0;

  // Pixels: either owned (storage non-empty) or viewed (external non-null).
  std::vector<std::uint8_t> storage;
  const std::uint8_t* external = nullptr;

  const std::uint8_t* data() const noexcept { return external ? external : storage.data(); }

  // A frame that owns a copy of nothing: `pixels` must outlive every use of the frame.
  VIGIL_API static Frame view(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height,
                              std::size_t stride);
  // A frame that owns its pixels (tightly packed, stride = 3 * width).
  VIGIL_API static Frame owned(std::vector<std::uint8_t> pixels, std::uint32_t width,
                               std::uint32_t height);
};

// What the platform knows about an upload. Every field is optional.
struct MediaMetadata {
  std::string content_id;   // the platform's id for this upload; appears in logs
  std::string uploader_id;  // personal data: never logged
  std::string source_ip;    // personal data: never logged
  std::string upload_time;  // RFC 3339, as the platform recorded it
  std::string file_name;    // personal data (it may name a person): never logged
  std::string mime_type;
  int exif_orientation = 0;  // 1..8 as read from the file, 0 if absent (never applied)
  std::map<std::string, std::string> extra;  // platform-defined fields
};

struct Media {
  MediaType type = MediaType::image;
  std::vector<Frame> frames;
  MediaMetadata metadata;

  // The raw encoded bytes, if known, in order of preference: a buffer shared with the
  // caller, a view of bytes the caller keeps alive for the duration of the scan, or a file
  // to stream from. Cryptographic signals are computed over these.
  std::shared_ptr<const std::vector<std::uint8_t>> source_bytes;
  std::span<const std::uint8_t> source_view;
  std::optional<std::filesystem::path> source_path;
};

}  // namespace vigil
