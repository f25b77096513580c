// Test helper: a deliberately plain model of the reference PDQ pipeline (full-image float
// buffers, one running sum at a time, box filter written in the reference's four phases),
// used to cross-check the optimised vigil_pdq downscaler on image sizes the shared vectors
// do not cover. Slow; for tests only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pdq_dct.hpp"
#include "pdq_hasher.hpp"

namespace vigil::pdq::testing {

// Float luma, row-major, of `height` rows of RGB starting `stride` bytes apart.
std::vector<float> naive_luma_rgb(const std::uint8_t* rgb, int width, int height,
                                  std::size_t stride);

// Jarosz filter (2 rounds, rows then columns) on full buffers, then decimation to 64x64.
Luma64 naive_downscale(std::vector<float> luma, int width, int height);

// The whole single-hash pipeline, including the < 5 and 64x64 special cases.
PdqResult naive_hash_rgb(const std::uint8_t* rgb, int width, int height, std::size_t stride);

}  // namespace vigil::pdq::testing
