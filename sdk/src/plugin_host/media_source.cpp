#include "media_source.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace vigil::plugin_host {

MediaSource::MediaSource(const Media& media) : media_(media) {
  frames_.reserve(media.frames.size());
  for (const Frame& frame : media.frames) {
    frames_.push_back(
        {frame.width, frame.height, frame.stride, frame.data(), frame.timestamp_seconds});
  }
  // Only identifiers and technical facts: never uploader id, IP or file name.
  // Media without frames is an upload that did not decode: its bytes are all there is.
  const bool bytes_only = media.frames.empty();
  metadata_storage_.emplace_back("media_type", bytes_only ? "bytes" : to_string(media.type));
  if (!media.metadata.content_id.empty()) {
    metadata_storage_.emplace_back("content_id", media.metadata.content_id);
  }
  if (!media.metadata.mime_type.empty()) {
    metadata_storage_.emplace_back("mime_type", media.metadata.mime_type);
  }
  metadata_storage_.emplace_back("exif_orientation",
                                 std::to_string(media.metadata.exif_orientation));
  for (const auto& [key, value] : metadata_storage_) {
    metadata_.push_back({key.c_str(), value.c_str()});
  }

  view_.struct_size = sizeof(vigil_media_view);
  view_.media_type = bytes_only                       ? VIGIL_MEDIA_BYTES
                     : media.type == MediaType::video ? VIGIL_MEDIA_VIDEO
                                                      : VIGIL_MEDIA_IMAGE;
  view_.frames = frames_.data();
  view_.frame_count = frames_.size();
  view_.metadata = metadata_.data();
  view_.metadata_count = metadata_.size();
  view_.bytes = {this, nullptr, -1};
  if (media.source_bytes) {
    memory_ = std::span<const std::uint8_t>(*media.source_bytes);
  } else if (media.source_view.data() != nullptr) {
    memory_ = media.source_view;
  }
  if (memory_.data() != nullptr) {
    view_.bytes.read = &MediaSource::read;
    view_.bytes.size = static_cast<std::int64_t>(memory_.size());
  } else if (media.source_path) {
    view_.bytes.read = &MediaSource::read;
    std::error_code error;
    auto size = std::filesystem::file_size(*media.source_path, error);
    view_.bytes.size = error ? -1 : static_cast<std::int64_t>(size);
  }
}

MediaSource::~MediaSource() {
  if (file_ != nullptr) std::fclose(file_);
}

std::int64_t MediaSource::read(void* context, std::uint8_t* buffer, std::size_t capacity) {
  return static_cast<MediaSource*>(context)->read_some(buffer, capacity);
}

std::int64_t MediaSource::read_some(std::uint8_t* buffer, std::size_t capacity) {
  if (buffer == nullptr && capacity > 0) return -1;
  if (memory_.data() != nullptr) {
    std::size_t n = std::min(capacity, memory_.size() - offset_);
    if (n > 0) std::memcpy(buffer, memory_.data() + offset_, n);
    offset_ += n;
    return static_cast<std::int64_t>(n);
  }
  if (file_failed_) return -1;
  if (file_ == nullptr) {
    file_ = std::fopen(media_.source_path->c_str(), "rb");
    if (file_ == nullptr) {
      file_failed_ = true;
      return -1;
    }
  }
  std::size_t n = std::fread(buffer, 1, capacity, file_);
  if (n < capacity && std::ferror(file_) != 0) return -1;
  return static_cast<std::int64_t>(n);
}

}  // namespace vigil::plugin_host
