// The variable-width LZW decoder for GIF image data.
//
// Reads codes LSB-first from the chain of data sub-blocks that follows a GIF image's
// minimum code size byte, and delivers palette indices on demand. Memory is fixed (a
// 4096-entry code table and a 4096-byte pending-output stack); work is linear in the
// input read plus the indices delivered, so hostile data cannot make it hang or allocate.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "byte_reader.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

class GifLzwDecoder {
 public:
  static constexpr unsigned kMaxCodeBits = 12;
  static constexpr std::uint32_t kTableSize = 1u << kMaxCodeBits;

  // `data_offset` is the offset of the first sub-block size byte in `bytes` (which must
  // outlive the decoder). `min_code_size` must be 2..8 (see is_valid_min_code_size).
  GifLzwDecoder(std::span<const std::uint8_t> bytes, std::uint64_t data_offset,
                unsigned min_code_size);

  static bool is_valid_min_code_size(unsigned min_code_size) {
    return min_code_size >= 2 && min_code_size <= 8;
  }

  // Fills `out` entirely with the next palette indices. Errors: truncated when the data
  // (the file, or the image's sub-blocks, or an end-of-information code) ends first;
  // decode_failed for a code that cannot occur in a valid stream.
  Status read(std::span<std::uint8_t> out);

 private:
  void reset_table();
  Status decode_next_code();
  bool read_code(std::uint32_t& code);
  bool next_byte(std::uint8_t& byte);
  // Pushes the string of `code` on the stack, last byte first.
  bool push_string(std::uint32_t code);

  ByteReader reader_;
  std::uint64_t pos_;
  std::uint32_t block_left_ = 0;
  bool data_ended_ = false;
  std::uint32_t bit_buffer_ = 0;
  unsigned bit_count_ = 0;

  unsigned min_code_size_;
  unsigned code_width_ = 0;
  std::uint32_t clear_code_;
  std::uint32_t end_code_;
  std::uint32_t next_code_ = 0;
  std::int32_t previous_code_ = -1;  // -1: none since the last clear

  std::array<std::uint16_t, kTableSize> prefix_{};
  std::array<std::uint8_t, kTableSize> suffix_{};
  std::array<std::uint8_t, kTableSize> first_byte_{};
  std::array<std::uint8_t, kTableSize + 1> stack_{};
  std::size_t stack_size_ = 0;
};

}  // namespace vigil::decode
