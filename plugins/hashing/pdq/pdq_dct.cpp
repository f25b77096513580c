#include "pdq_dct.hpp"

#include <cmath>
#include <cstdlib>

namespace vigil::pdq {

namespace {

// The 16x64 DCT-II matrix D[i][j] = sqrt(2/64) * cos(pi/128 * (i+1) * (2j+1)).
// The reference rounds the scale factor to float first, multiplies it by the double cosine in
// double and rounds the product to float; the cosine argument is built left to right in
// double. Both steps are kept here because they decide the last bit of each entry.
struct DctMatrix {
  std::array<float, 16 * 64> d;   // d[i * 64 + k] = D[i][k]
  std::array<float, 64 * 16> dt;  // dt[k * 16 + j] = D[j][k], for the second product

  DctMatrix() {
    constexpr double kPi = 3.14159265358979323846;
    const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
    for (int i = 0; i < 16; ++i) {
      for (int k = 0; k < 64; ++k) {
        const double angle =
            (kPi / 2.0 / 64.0) * static_cast<double>(i + 1) * static_cast<double>(2 * k + 1);
        const float v = static_cast<float>(static_cast<double>(scale) * std::cos(angle));
        d[static_cast<std::size_t>(i * 64 + k)] = v;
        dt[static_cast<std::size_t>(k * 16 + i)] = v;
      }
    }
  }
};

const DctMatrix& dct_matrix() {
  static const DctMatrix m;
  return m;
}

// |trunc((u - v) * 100 / 255)| in the reference's float arithmetic.
inline int gradient_step(float u, float v) {
  const int d = static_cast<int>(((u - v) * 100.0f) / 255.0f);
  return std::abs(d);
}

}  // namespace

int image_domain_quality(const Luma64& a) {
  int gradient_sum = 0;
  for (int i = 0; i < 63; ++i) {
    for (int j = 0; j < 64; ++j) {
      gradient_sum += gradient_step(a[static_cast<std::size_t>(i * 64 + j)],
                                    a[static_cast<std::size_t>((i + 1) * 64 + j)]);
    }
  }
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 63; ++j) {
      gradient_sum += gradient_step(a[static_cast<std::size_t>(i * 64 + j)],
                                    a[static_cast<std::size_t>(i * 64 + j + 1)]);
    }
  }
  const int quality = gradient_sum / 90;
  return quality > 100 ? 100 : quality;
}

void dct64_to_16(const Luma64& a, Dct16& out) {
  const DctMatrix& m = dct_matrix();

  // T = D * A (16x64). Each T[i][j] accumulates D[i][k] * A[k][j] for k = 0..63 in order,
  // starting from 0; looping j innermost keeps that order per element and vectorises.
  std::array<float, 16 * 64> t;
  for (int i = 0; i < 16; ++i) {
    float* trow = &t[static_cast<std::size_t>(i * 64)];
    for (int j = 0; j < 64; ++j) trow[j] = 0.0f;
    for (int k = 0; k < 64; ++k) {
      const float dik = m.d[static_cast<std::size_t>(i * 64 + k)];
      const float* arow = &a[static_cast<std::size_t>(k * 64)];
      for (int j = 0; j < 64; ++j) trow[j] += dik * arow[j];
    }
  }

  // B = T * D^T (16x16). B[i][j] accumulates T[i][k] * D[j][k] for k = 0..63 in order.
  for (int i = 0; i < 16; ++i) {
    float acc[16] = {};
    const float* trow = &t[static_cast<std::size_t>(i * 64)];
    for (int k = 0; k < 64; ++k) {
      const float tik = trow[k];
      const float* dtrow = &m.dt[static_cast<std::size_t>(k * 16)];
      for (int j = 0; j < 16; ++j) acc[j] += tik * dtrow[j];
    }
    for (int j = 0; j < 16; ++j) out[static_cast<std::size_t>(i * 16 + j)] = acc[j];
  }
}

float torben_median(const float* m, int n) {
  float min = m[0];
  float max = m[0];
  for (int i = 1; i < n; ++i) {
    if (m[i] < min) min = m[i];
    if (m[i] > max) max = m[i];
  }

  const int half = (n + 1) / 2;
  int less = 0;
  int greater = 0;
  int equal = 0;
  float guess = 0.0f;
  float max_lt_guess = 0.0f;
  float min_gt_guess = 0.0f;
  for (;;) {
    guess = (min + max) / 2;
    less = 0;
    greater = 0;
    equal = 0;
    max_lt_guess = min;
    min_gt_guess = max;
    for (int i = 0; i < n; ++i) {
      if (m[i] < guess) {
        ++less;
        if (m[i] > max_lt_guess) max_lt_guess = m[i];
      } else if (m[i] > guess) {
        ++greater;
        if (m[i] < min_gt_guess) min_gt_guess = m[i];
      } else {
        ++equal;
      }
    }
    if (less <= half && greater <= half) break;
    if (less > greater) {
      max = max_lt_guess;
    } else {
      min = min_gt_guess;
    }
  }
  if (less >= half) return max_lt_guess;
  if (less + equal >= half) return guess;
  return min_gt_guess;
}

Hash256 bits_from_dct(const Dct16& dct) {
  const float median = torben_median(dct.data(), 16 * 16);
  Hash256 h;
  for (int k = 0; k < 256; ++k) {
    if (dct[static_cast<std::size_t>(k)] > median) h.set_bit(k);
  }
  return h;
}

void dct_dihedral(const Dct16& in, Dihedral transform, Dct16& out) {
  // Coefficient (i, j) moves to (j, i) when `transpose`, and is negated when
  // ((i & mi) ^ (j & mj) ^ c) is odd, (i, j) being its position in the original.
  struct Rule {
    bool transpose;
    int mi, mj, c;
  };
  static constexpr Rule kRules[8] = {
      {false, 0, 0, 0},  // orig
      {true, 0, 1, 1},   // rot90: negate even columns
      {false, 1, 1, 0},  // rot180: negate where i + j is odd
      {true, 1, 0, 1},   // rot270: negate even rows
      {false, 1, 0, 1},  // flipx: negate even rows
      {false, 0, 1, 1},  // flipy: negate even columns
      {true, 0, 0, 0},   // flipplus1: transpose only
      {true, 1, 1, 0},   // flipminus1: negate where i + j is odd
  };
  const Rule& r = kRules[static_cast<int>(transform)];
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      const float v = in[static_cast<std::size_t>(i * 16 + j)];
      const bool negate = (((i & r.mi) ^ (j & r.mj) ^ r.c) & 1) != 0;
      const int dst = r.transpose ? j * 16 + i : i * 16 + j;
      out[static_cast<std::size_t>(dst)] = negate ? -v : v;
    }
  }
}

}  // namespace vigil::pdq
