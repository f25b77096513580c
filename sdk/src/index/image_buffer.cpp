#include "image_buffer.hpp"

#include <cstring>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace vigil::index {

namespace {

constexpr std::size_t kAlignment = 64;
[[maybe_unused]] constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

ImageBuffer::ImageBuffer(std::size_t bytes) : size_(bytes) {
  if (bytes == 0) return;
#if defined(__linux__)
  if (bytes >= kHugePage) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
    data_ = static_cast<std::uint8_t*>(p);
    mapped_ = true;
    return;  // anonymous mappings are zeroed
  }
#endif
  data_ = static_cast<std::uint8_t*>(::operator new (bytes, std::align_val_t{kAlignment}));
  std::memset(data_, 0, bytes);
}

ImageBuffer::~ImageBuffer() { release(); }

ImageBuffer::ImageBuffer(ImageBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

ImageBuffer& ImageBuffer::operator=(ImageBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

void ImageBuffer::release() noexcept {
  if (data_ == nullptr) return;
#if defined(__linux__)
  if (mapped_) {
    ::munmap(data_, size_);
    data_ = nullptr;
    return;
  }
#endif
  ::operator delete (data_, std::align_val_t{kAlignment});
  data_ = nullptr;
}

}  // namespace vigil::index
