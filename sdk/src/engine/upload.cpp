#include "upload.hpp"

#include <algorithm>
#include <array>
#include <fstream>

#include "decode/file_reader.hpp"
#include "vigil/decode.hpp"

namespace vigil::engine {
namespace {

constexpr std::size_t kSniffBytes = 4096;

Status too_large_to_decode(std::uint64_t size, std::uint64_t limit) {
  return Status(ErrorCode::too_large, "upload is " + std::to_string(size) +
                                          " bytes, over the decode limit of " +
                                          std::to_string(limit));
}

Status empty_upload() { return Status(ErrorCode::empty_input, "upload is empty (0 bytes)"); }

// The leading bytes of a file that is streamed rather than held in memory.
std::string content_type_of_file(const std::filesystem::path& path) {
  std::array<char, kSniffBytes> head{};
  std::ifstream in(path, std::ios::binary);
  in.read(head.data(), head.size());
  const auto got = static_cast<std::size_t>(in.gcount());
  return content_type({reinterpret_cast<const std::uint8_t*>(head.data()), got});
}

}  // namespace

Upload upload_from_memory(std::span<const std::uint8_t> bytes, std::uint64_t max_decode_bytes) {
  Upload upload;
  upload.bytes = bytes;
  upload.size = bytes.size();
  upload.content_type = content_type(bytes.first(std::min(bytes.size(), kSniffBytes)));
  if (bytes.empty()) upload.not_decodable = empty_upload();
  if (bytes.size() > max_decode_bytes) {
    upload.not_decodable = too_large_to_decode(bytes.size(), max_decode_bytes);
  }
  return upload;
}

Result<Upload> read_upload_file(const std::filesystem::path& path, std::uint64_t max_decode_bytes) {
  auto contents = decode::read_file_bounded(path, static_cast<std::size_t>(max_decode_bytes));
  Upload upload;
  if (contents.ok()) {
    upload.owned = std::move(contents).value();
    upload.bytes = upload.owned;
    upload.size = upload.owned.size();
    upload.content_type = content_type(std::span<const std::uint8_t>(upload.owned)
                                           .first(std::min(upload.owned.size(), kSniffBytes)));
    return upload;
  }
  const ErrorCode code = contents.status().code();
  if (code != ErrorCode::too_large && code != ErrorCode::empty_input) return contents.status();
  // A regular file that is empty or too large to decode: streamed by byte-level detectors.
  std::error_code error;
  upload.size = std::filesystem::file_size(path, error);
  if (error) return Status(ErrorCode::io_error, "cannot read file size: " + error.message());
  upload.stream_path = path;
  upload.content_type = content_type_of_file(path);
  upload.not_decodable =
      upload.size == 0 ? empty_upload() : too_large_to_decode(upload.size, max_decode_bytes);
  return upload;
}

}  // namespace vigil::engine
