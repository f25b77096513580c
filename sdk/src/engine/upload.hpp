// Internal: an upload's raw bytes, read once.
//
// PDQ and MD5 must describe the same bytes even if the file changes during the scan, so a
// file is read into memory once and both the decoder and the byte-level detectors use that
// copy. A file too large to decode (over the decode limit) is not held in memory: the
// decoder would refuse it anyway, so only byte-level detectors run, each streaming it
// from the file (once with the bundled hashing plugin alone).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vigil/status.hpp"

namespace vigil::engine {

struct Upload {
  std::vector<std::uint8_t> owned;                   // the file's contents, when read into memory
  std::span<const std::uint8_t> bytes;               // the bytes in memory (owned, or the caller's)
  std::optional<std::filesystem::path> stream_path;  // set instead when not held in memory
  std::uint64_t size = 0;
  std::string content_type;  // from the leading bytes, see vigil::content_type
  // Why the upload cannot be decoded without looking at its content (empty, too large).
  Status not_decodable;

  bool in_memory() const noexcept { return !stream_path.has_value(); }
};

// Bytes the caller holds; they must outlive the Upload.
Upload upload_from_memory(std::span<const std::uint8_t> bytes, std::uint64_t max_decode_bytes);

// Reads a regular file once. Errors (the upload cannot be checked at all): not_found,
// invalid_argument (a directory or other non-regular file), io_error.
Result<Upload> read_upload_file(const std::filesystem::path& path, std::uint64_t max_decode_bytes);

}  // namespace vigil::engine
