// Hasher: PDQ perceptual hashes of 8-bit images, bit-exact with Meta's reference.
//
// PDQ (Meta, 2017) turns an image into a 256-bit hash plus a quality score:
//   1. luma Y = 0.299 R + 0.587 G + 0.114 B in float (grey input: Y = value);
//   2. Jarosz filter (two rounds of box filters along rows then columns, window
//      ceil(dimension / 128)) and decimation to 64x64;
//   3. quality in [0, 100] from the 64x64 gradients;
//   4. 16x16 low-frequency block of the 2D DCT; bit (16 i + j) = coefficient (i, j) > median.
// Results equal those of ThreatExchange's pdq/cpp (pdqHash256FromFloatLuma and
// pdqDihedralHash256esFromFloatLuma) for every image size, including its edge cases:
//   * width or height < 5: all-zero hash, quality 0 (for every dihedral variant too);
//   * exactly 64x64: hash_* uses the luma as is (no blur), while hash_*_dihedral always
//     blurs, as the reference's two entry points do; the two may therefore differ slightly.
// The caller decodes the image; no resizing happens here. (The reference's command-line
// tool first resizes images larger than 512 pixels with CImg; these functions hash the
// pixels they are given, as the conformance vectors do.)
//
// Quality below 50 means the hash is unreliable (flat or tiny images); callers usually
// skip matching such hashes.
//
// Thread-safety: a Hasher owns scratch buffers and must not be used by two threads at once.
// Use one Hasher per thread. Scratch memory only grows: once an image of a given size has
// been hashed, hashing images of that size or smaller does not allocate.
// A moved-from Hasher may only be assigned to or destroyed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "pdq_hash.hpp"

namespace vigil::pdq {

struct PdqResult {
  Hash256 hash;
  int quality = 0;  // 0..100
};

// The dihedral transforms, in the reference's order and with its names.
inline constexpr int kNumDihedral = 8;
inline constexpr std::array<std::string_view, kNumDihedral> kDihedralNames = {
    "orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"};

// hashes[i] stands for the image after transform kDihedralNames[i]: rotations are
// counter-clockwise, flipx mirrors top/bottom, flipy left/right, flipplus1 transposes and
// flipminus1 transposes about the other diagonal. It is derived from the original's DCT
// (sign flips and transposes), exactly as the reference does, so it is close to, not
// bit-equal to, hashing the transformed pixels. One quality for all.
struct DihedralResult {
  std::array<Hash256, kNumDihedral> hashes;
  int quality = 0;
};

class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  // Hashes 8-bit RGB pixels (3 bytes per pixel, R first), `height` rows starting
  // `stride` bytes apart (stride >= 3 * width). A null `rgb` or a zero dimension gives the
  // all-zero hash with quality 0.
  PdqResult hash_rgb(const std::uint8_t* rgb, std::uint32_t width, std::uint32_t height,
                     std::size_t stride);

  // Same for 8-bit grey pixels (1 byte per pixel; stride >= width), which the reference
  // takes as luma directly.
  PdqResult hash_grey(const std::uint8_t* grey, std::uint32_t width, std::uint32_t height,
                      std::size_t stride);

  // All eight dihedral variants from one pass over the pixels.
  DihedralResult hash_rgb_dihedral(const std::uint8_t* rgb, std::uint32_t width,
                                   std::uint32_t height, std::size_t stride);
  DihedralResult hash_grey_dihedral(const std::uint8_t* grey, std::uint32_t width,
                                    std::uint32_t height, std::size_t stride);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::pdq
