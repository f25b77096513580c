// Internal: presents a Media to a plugin as a vigil_media_view (frames, streamed raw
// bytes and non-personal metadata). Lives on the stack for one detector call.
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "vigil/media.hpp"
#include "vigil/plugin_abi.h"

namespace vigil::plugin_host {

class MediaSource {
 public:
  explicit MediaSource(const Media& media);
  ~MediaSource();
  MediaSource(const MediaSource&) = delete;
  MediaSource& operator=(const MediaSource&) = delete;

  const vigil_media_view* view() const { return &view_; }

 private:
  static std::int64_t read(void* context, std::uint8_t* buffer, std::size_t capacity);
  std::int64_t read_some(std::uint8_t* buffer, std::size_t capacity);

  const Media& media_;
  std::vector<vigil_frame> frames_;
  std::vector<std::pair<std::string, std::string>> metadata_storage_;
  std::vector<vigil_key_value> metadata_;
  std::FILE* file_ = nullptr;  // opened on the first read of a path-backed media
  bool file_failed_ = false;
  std::span<const std::uint8_t> memory_;  // in-memory raw bytes, if any
  std::size_t offset_ = 0;                // read position in memory_
  vigil_media_view view_{};
};

}  // namespace vigil::plugin_host
