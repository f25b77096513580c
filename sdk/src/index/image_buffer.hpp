// ImageBuffer: owned, zeroed, 64-byte aligned storage for an index image built in memory.
// On Linux, large buffers are anonymous mappings advised to use transparent huge pages
// (random probes into a multi-GB image otherwise pay a TLB miss each).
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigil::index {

class ImageBuffer {
 public:
  ImageBuffer() = default;
  explicit ImageBuffer(std::size_t bytes);  // throws std::bad_alloc
  ~ImageBuffer();
  ImageBuffer(ImageBuffer&& other) noexcept;
  ImageBuffer& operator=(ImageBuffer&& other) noexcept;
  ImageBuffer(const ImageBuffer&) = delete;
  ImageBuffer& operator=(const ImageBuffer&) = delete;

  std::uint8_t* data() noexcept { return data_; }
  const std::uint8_t* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

 private:
  void release() noexcept;

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace vigil::index
