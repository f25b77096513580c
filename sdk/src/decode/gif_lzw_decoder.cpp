#include "gif_lzw_decoder.hpp"

#include "header_info.hpp"

namespace vigil::decode {
namespace {
constexpr std::string_view kFormat = "gif";
}  // namespace

GifLzwDecoder::GifLzwDecoder(std::span<const std::uint8_t> bytes, std::uint64_t data_offset,
                             unsigned min_code_size)
    : reader_(bytes),
      pos_(data_offset),
      min_code_size_(min_code_size),
      clear_code_(1u << min_code_size),
      end_code_((1u << min_code_size) + 1) {
  for (std::uint32_t code = 0; code < clear_code_; ++code) {
    prefix_[code] = 0;
    suffix_[code] = static_cast<std::uint8_t>(code);
    first_byte_[code] = static_cast<std::uint8_t>(code);
  }
  reset_table();
}

void GifLzwDecoder::reset_table() {
  code_width_ = min_code_size_ + 1;
  next_code_ = clear_code_ + 2;
  previous_code_ = -1;
}

Status GifLzwDecoder::read(std::span<std::uint8_t> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    if (stack_size_ > 0) {
      out[i++] = stack_[--stack_size_];
      continue;
    }
    Status status = decode_next_code();
    if (!status.ok()) return status;
  }
  return Status::success();
}

Status GifLzwDecoder::decode_next_code() {
  std::uint32_t code = 0;
  if (!read_code(code))
    return truncated_error(kFormat, "image data ends before the frame is complete");
  if (code == clear_code_) {
    reset_table();
    return Status::success();
  }
  if (code == end_code_) {
    return truncated_error(kFormat, "end-of-information code before the frame is complete");
  }
  if (previous_code_ < 0) {
    // The first code after a clear must be a literal.
    if (code > clear_code_) return malformed_error(kFormat, "first LZW code is not a literal");
    stack_[stack_size_++] = static_cast<std::uint8_t>(code);
    previous_code_ = static_cast<std::int32_t>(code);
    return Status::success();
  }

  const auto previous = static_cast<std::uint32_t>(previous_code_);
  std::uint8_t first = 0;
  if (code < next_code_) {
    if (!push_string(code)) return malformed_error(kFormat, "LZW string too long");
    first = first_byte_[code];
  } else if (code == next_code_ && next_code_ < kTableSize) {
    // The code being defined right now: previous string + its own first byte.
    first = first_byte_[previous];
    stack_[stack_size_++] = first;
    if (!push_string(previous)) return malformed_error(kFormat, "LZW string too long");
  } else {
    return malformed_error(kFormat, "invalid LZW code");
  }

  if (next_code_ < kTableSize) {
    prefix_[next_code_] = static_cast<std::uint16_t>(previous);
    suffix_[next_code_] = first;
    first_byte_[next_code_] = first_byte_[previous];
    ++next_code_;
    if (next_code_ == (1u << code_width_) && code_width_ < kMaxCodeBits) ++code_width_;
  }
  previous_code_ = static_cast<std::int32_t>(code);
  return Status::success();
}

bool GifLzwDecoder::push_string(std::uint32_t code) {
  // Table entries always refer to lower codes, so this walk ends at a literal.
  while (code >= clear_code_) {
    if (stack_size_ >= stack_.size()) return false;
    stack_[stack_size_++] = suffix_[code];
    code = prefix_[code];
  }
  if (stack_size_ >= stack_.size()) return false;
  stack_[stack_size_++] = static_cast<std::uint8_t>(code);
  return true;
}

bool GifLzwDecoder::read_code(std::uint32_t& code) {
  while (bit_count_ < code_width_) {
    std::uint8_t byte = 0;
    if (!next_byte(byte)) return false;
    bit_buffer_ |= std::uint32_t{byte} << bit_count_;
    bit_count_ += 8;
  }
  code = bit_buffer_ & ((1u << code_width_) - 1);
  bit_buffer_ >>= code_width_;
  bit_count_ -= code_width_;
  return true;
}

bool GifLzwDecoder::next_byte(std::uint8_t& byte) {
  if (data_ended_) return false;
  if (block_left_ == 0) {
    const auto size = reader_.u8(pos_);
    if (!size || *size == 0) {  // end of file, or the block terminator
      data_ended_ = true;
      return false;
    }
    ++pos_;
    block_left_ = *size;
  }
  const auto value = reader_.u8(pos_);
  if (!value) {
    data_ended_ = true;
    return false;
  }
  ++pos_;
  --block_left_;
  byte = *value;
  return true;
}

}  // namespace vigil::decode
