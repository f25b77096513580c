#include "vigil/media.hpp"

#include <utility>

namespace vigil {

const char* to_string(MediaType type) noexcept {
  return type == MediaType::video ? "video" : "image";
}

Frame Frame::view(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height,
                  std::size_t stride) {
  Frame frame;
  frame.width = width;
  frame.height = height;
  frame.stride = stride;
  frame.external = pixels;
  return frame;
}

Frame Frame::owned(std::vector<std::uint8_t> pixels, std::uint32_t width, std::uint32_t height) {
  Frame frame;
  frame.width = width;
  frame.height = height;
  frame.stride = std::size_t{3} * width;
  frame.storage = std::move(pixels);
  return frame;
}

}  // namespace vigil
