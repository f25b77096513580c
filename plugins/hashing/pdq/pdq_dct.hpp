// Internal to vigil_pdq: the frequency-domain half of PDQ, from the 64x64 downsampled luma to
// the 256 hash bits.
//
// Every function here reproduces the float arithmetic of Meta's reference (ThreatExchange
// pdq/cpp/hashing/pdqhashing.cpp, torben.cpp) operation for operation, so results are
// bit-exact when compiled without FMA contraction (-ffp-contract=off) and without
// -ffast-math. Matrices are row-major: element (i, j) of an R x C matrix is at [i * C + j].
//
// Thread-safety: all functions are reentrant; the DCT matrix is built once, thread-safely.
#pragma once

#include <array>

#include "pdq_hash.hpp"

namespace vigil::pdq {

using Luma64 = std::array<float, 64 * 64>;
using Dct16 = std::array<float, 16 * 16>;

// Quality in [0, 100] from the gradients of the 64x64 luma: the sum over horizontally and
// vertically adjacent pixels of |trunc((u - v) * 100 / 255)|, divided by 90, capped at 100.
int image_domain_quality(const Luma64& luma);

// Coefficients (1..16) x (1..16) of the 2D DCT-II of the 64x64 luma, as 16x16.
// Computed as D * A * D^T with D the 16x64 DCT matrix, summing k = 0..63 in order.
void dct64_to_16(const Luma64& luma, Dct16& out);

// Torben Mogensen's median (N. Devillard's formulation) of n >= 1 floats: for even n it
// returns the lower median, exactly as the reference does.
float torben_median(const float* values, int n);

// Bit (16 * i + j) is set when coefficient (i, j) is strictly greater than the median.
Hash256 bits_from_dct(const Dct16& dct);

// The eight dihedral transforms, in the reference's order.
enum class Dihedral { orig, rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1 };

// DCT coefficients of the transformed image, obtained from those of the original by the
// reference's sign flips and transposes (exact: only negations and moves).
void dct_dihedral(const Dct16& in, Dihedral transform, Dct16& out);

}  // namespace vigil::pdq
