// Bounds-checked reads of little- and big-endian integers from untrusted bytes.
//
// Every accessor returns nullopt instead of reading past the end, so parsers of hostile
// headers never index out of range. Offsets are 64-bit so that offsets read from a file
// (TIFF, BigTIFF) can be checked without overflow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vigil::decode {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::size_t size() const noexcept { return bytes_.size(); }
  std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }

  // True when [offset, offset + length) lies inside the buffer.
  bool has(std::uint64_t offset, std::uint64_t length) const noexcept {
    return offset <= bytes_.size() && length <= bytes_.size() - offset;
  }

  // The bytes [offset, offset + length), or nullopt when they are not all present.
  std::optional<std::span<const std::uint8_t>> slice(std::uint64_t offset,
                                                     std::uint64_t length) const noexcept {
    if (!has(offset, length)) return std::nullopt;
    return bytes_.subspan(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
  }

  // True when the bytes at `offset` equal `text` (compared byte by byte).
  bool matches(std::uint64_t offset, std::string_view text) const noexcept {
    if (!has(offset, text.size())) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (bytes_[static_cast<std::size_t>(offset) + i] != static_cast<std::uint8_t>(text[i])) {
        return false;
      }
    }
    return true;
  }

  std::optional<std::uint8_t> u8(std::uint64_t offset) const noexcept {
    if (!has(offset, 1)) return std::nullopt;
    return bytes_[static_cast<std::size_t>(offset)];
  }
  std::optional<std::uint16_t> u16le(std::uint64_t offset) const noexcept {
    return narrow<std::uint16_t>(read(offset, 2, false));
  }
  std::optional<std::uint16_t> u16be(std::uint64_t offset) const noexcept {
    return narrow<std::uint16_t>(read(offset, 2, true));
  }
  std::optional<std::uint32_t> u24le(std::uint64_t offset) const noexcept {
    return narrow<std::uint32_t>(read(offset, 3, false));
  }
  std::optional<std::uint32_t> u32le(std::uint64_t offset) const noexcept {
    return narrow<std::uint32_t>(read(offset, 4, false));
  }
  std::optional<std::uint32_t> u32be(std::uint64_t offset) const noexcept {
    return narrow<std::uint32_t>(read(offset, 4, true));
  }
  std::optional<std::int32_t> i32le(std::uint64_t offset) const noexcept {
    auto value = u32le(offset);
    if (!value) return std::nullopt;
    return static_cast<std::int32_t>(*value);
  }

  // An unsigned integer of `width` bytes (1..8) in the given byte order.
  std::optional<std::uint64_t> read(std::uint64_t offset, unsigned width,
                                    bool big_endian) const noexcept {
    if (width == 0 || width > 8 || !has(offset, width)) return std::nullopt;
    std::uint64_t value = 0;
    const auto* p = bytes_.data() + offset;
    for (unsigned i = 0; i < width; ++i) {
      const unsigned index = big_endian ? i : width - 1 - i;
      value = (value << 8) | p[index];
    }
    return value;
  }

 private:
  template <typename T>
  static std::optional<T> narrow(std::optional<std::uint64_t> value) noexcept {
    if (!value) return std::nullopt;
    return static_cast<T>(*value);
  }

  std::span<const std::uint8_t> bytes_;
};

}  // namespace vigil::decode
