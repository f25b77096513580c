#include "pdq_downscale.hpp"

#include <algorithm>
#include <cassert>

namespace vigil::pdq {

namespace {

// Rows filtered together: their running sums are independent, so the CPU overlaps them
// instead of waiting on one add-latency chain per pixel.
constexpr int kBand = 8;

// The reference's luma is kR * R + kG * G + kB * B in float, with the coefficients declared
// as floats initialised from double literals. Each product takes only 256 values, so they
// are tabulated: the tables hold exactly the products the reference computes, and the two
// additions are done in the same order, so the luma is bit-identical (and about twice as
// fast as converting and multiplying every byte).
struct LumaTables {
  float r[256];
  float g[256];
  float b[256];
  LumaTables() {
    const float kr = static_cast<float>(0.299);
    const float kg = static_cast<float>(0.587);
    const float kb = static_cast<float>(0.114);
    for (int v = 0; v < 256; ++v) {
      r[v] = kr * static_cast<float>(v);
      g[v] = kg * static_cast<float>(v);
      b[v] = kb * static_cast<float>(v);
    }
  }
};

const LumaTables& luma_tables() {
  static const LumaTables tables;
  return tables;
}

template <typename T>
void grow(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
}

inline std::size_t at(int row, int width) {
  return static_cast<std::size_t>(row) * static_cast<std::size_t>(width);
}

// Running box sums of K rows (length n, window w), steps [a, b) of the reference's
// box1DFloat: step t adds in[t] when t < n, then subtracts in[t - w] when t >= w.
template <int K>
inline void advance(float (&acc)[K], const float* const (&in)[K], int a, int b, int n, int w) {
  int t = a;
  for (const int e = std::min(b, w); t < e; ++t) {
    for (int k = 0; k < K; ++k) acc[k] += in[k][t];
  }
  for (const int e = std::min(b, n); t < e; ++t) {
    for (int k = 0; k < K; ++k) {
      acc[k] += in[k][t];
      acc[k] -= in[k][t - w];
    }
  }
  for (; t < b; ++t) {
    for (int k = 0; k < K; ++k) acc[k] -= in[k][t - w];
  }
}

// The full box filter of K rows, writing each output's running sum (not yet divided) to
// out[k][t - lag]. Steps: [0, lag) accumulate; [lag, w) add; [w, n) add and subtract;
// [n, n + lag) subtract. Requires lag < w <= n, which every PDQ window satisfies.
template <int K>
void box_sums(const float* const (&in)[K], float* const (&out)[K], int n, int w, int lag) {
  float acc[K] = {};
  advance(acc, in, 0, lag, n, w);
  int t = lag;
  for (; t < w; ++t) {
    for (int k = 0; k < K; ++k) {
      acc[k] += in[k][t];
      out[k][t - lag] = acc[k];
    }
  }
  for (; t < n; ++t) {
    for (int k = 0; k < K; ++k) {
      acc[k] += in[k][t];
      acc[k] -= in[k][t - w];
      out[k][t - lag] = acc[k];
    }
  }
  for (; t < n + lag; ++t) {
    for (int k = 0; k < K; ++k) {
      acc[k] -= in[k][t - w];
      out[k][t - lag] = acc[k];
    }
  }
}

// v[i] = v[i] / counts[i]: the reference's `sum / current_window_size`, vectorised.
inline void divide_by_counts(float* __restrict v, const float* __restrict counts, int n) {
  for (int i = 0; i < n; ++i) v[i] = v[i] / counts[i];
}

}  // namespace

void luma_row(const PixelView& px, int row, float* out) {
  const std::uint8_t* p = px.data + static_cast<std::size_t>(row) * px.stride;
  const int n = px.width;
  if (px.channels == 3) {
    const LumaTables& t = luma_tables();
    for (int j = 0; j < n; ++j, p += 3) {
      // (kR * R + kG * G) + kB * B, left to right as the reference evaluates it.
      out[j] = t.r[p[0]] + t.g[p[1]] + t.b[p[2]];
    }
  } else {
    for (int j = 0; j < n; ++j) out[j] = static_cast<float>(p[j]);
  }
}

void Downscaler::Axis::setup(int n) {
  length = n;
  // Reference: (oldDimension + 2 * 64 - 1) / (2 * 64), i.e. ceil(n / 128); in 64 bits so
  // that no int overflows near INT_MAX.
  window = static_cast<int>((static_cast<long long>(n) + 2 * 64 - 1) / (2 * 64));
  const int half = (window + 2) / 2;
  lag = half - 1;

  // Window populations, following the reference's four phases.
  grow(counts, static_cast<std::size_t>(n));
  int population = half - 1;
  int o = 0;
  for (int i = 0; i < window - half + 1; ++i)
    counts[static_cast<std::size_t>(o++)] = static_cast<float>(++population);
  for (int i = 0; i < n - window; ++i)
    counts[static_cast<std::size_t>(o++)] = static_cast<float>(population);
  for (int i = 0; i < half - 1; ++i)
    counts[static_cast<std::size_t>(o++)] = static_cast<float>(--population);
  assert(o == n);

  // Decimation: sample centres, computed in double as the reference does.
  for (int i = 0; i < 64; ++i) {
    samples[static_cast<std::size_t>(i)] =
        static_cast<int>(((i + 0.5) * static_cast<double>(n)) / 64.0);
  }
}

void Downscaler::downscale(const PixelView& px, Luma64& out) {
  assert(px.width >= 1 && px.height >= 1);
  px_ = px;
  const int width = px.width;
  const int height = px.height;
  rows_.setup(width);
  cols_.setup(height);

  ring_rows_ = cols_.window + kBand;
  grow(luma_band_, at(kBand, width));
  grow(ring_, at(ring_rows_, width));
  grow(dummy_row_, static_cast<std::size_t>(width));
  grow(col_band_, at(kBand, width));
  grow(sampled_, at(height, 64));
  col_sums_.assign(static_cast<std::size_t>(width), 0.0f);
  col_band_fill_ = 0;
  col_band_first_ = 0;

  // First round: rows, then columns (streamed), then the second round's row pass on each
  // completed band of column-filtered rows.
  for (int first = 0; first < height; first += kBand) {
    const int num = std::min(kBand, height - first);
    filter_band_rows(first, num);
    for (int t = first; t < first + num; ++t) column_step(t);
  }
  for (int t = height; t < height + cols_.lag; ++t) column_step(t);
  if (col_band_fill_ > 0) flush_column_band();

  // Second round's column pass, on the 64 sampled columns only, evaluated at the 64
  // sampled rows. Lane j follows image column rows_.samples[j].
  float acc[64] = {};
  const int wc = cols_.window;
  int next = 0;
  for (int t = 0; t < height + cols_.lag && next < 64; ++t) {
    if (t < height) {
      const float* s = &sampled_[at(t, 64)];
      for (int j = 0; j < 64; ++j) acc[j] += s[j];
    }
    if (t >= wc) {
      const float* s = &sampled_[at(t - wc, 64)];
      for (int j = 0; j < 64; ++j) acc[j] -= s[j];
    }
    const int o = t - cols_.lag;
    while (next < 64 && cols_.samples[static_cast<std::size_t>(next)] == o) {
      const float count = cols_.counts[static_cast<std::size_t>(o)];
      float* dst = &out[static_cast<std::size_t>(next * 64)];
      for (int j = 0; j < 64; ++j) dst[j] = acc[j] / count;
      ++next;
    }
  }
  assert(next == 64);
}

// Luma and first-round row filter for image rows [first, first + num), num <= kBand.
void Downscaler::filter_band_rows(int first, int num) {
  const int width = px_.width;
  for (int k = 0; k < num; ++k) luma_row(px_, first + k, &luma_band_[at(k, width)]);

  const float* in[kBand];
  float* out[kBand];
  for (int k = 0; k < kBand; ++k) {
    // Lanes past the last image row repeat row 0 and write to a scratch row.
    in[k] = &luma_band_[at(k < num ? k : 0, width)];
    out[k] = k < num ? &ring_[at((first + k) % ring_rows_, width)] : dummy_row_.data();
  }
  box_sums<kBand>(in, out, width, rows_.window, rows_.lag);
  for (int k = 0; k < num; ++k) divide_by_counts(out[k], rows_.counts.data(), width);
}

// Step t of the first-round column filter over every column at once (see box_sums).
void Downscaler::column_step(int t) {
  const int width = px_.width;
  const int height = cols_.length;
  const int o = t - cols_.lag;
  float* __restrict sums = col_sums_.data();
  const float* __restrict add = t < height ? &ring_[at(t % ring_rows_, width)] : nullptr;
  const float* __restrict sub =
      t >= cols_.window ? &ring_[at((t - cols_.window) % ring_rows_, width)] : nullptr;

  if (o < 0) {
    for (int j = 0; j < width; ++j) sums[j] += add[j];
    return;
  }

  if (col_band_fill_ == 0) col_band_first_ = o;
  float* __restrict dst = &col_band_[at(col_band_fill_, width)];
  const float count = cols_.counts[static_cast<std::size_t>(o)];
  if (add != nullptr && sub != nullptr) {
    for (int j = 0; j < width; ++j) {
      float s = sums[j] + add[j];
      s -= sub[j];
      sums[j] = s;
      dst[j] = s / count;
    }
  } else if (add != nullptr) {
    for (int j = 0; j < width; ++j) {
      const float s = sums[j] + add[j];
      sums[j] = s;
      dst[j] = s / count;
    }
  } else {
    for (int j = 0; j < width; ++j) {
      const float s = sums[j] - sub[j];
      sums[j] = s;
      dst[j] = s / count;
    }
  }
  if (++col_band_fill_ == kBand) flush_column_band();
}

// Second-round row filter of the buffered column-filtered rows, evaluated at the sampled
// columns only: the running sums still step through every column.
void Downscaler::flush_column_band() {
  const int width = px_.width;
  const int num = col_band_fill_;
  const float* in[kBand];
  for (int k = 0; k < kBand; ++k) in[k] = &col_band_[at(k < num ? k : 0, width)];

  float acc[kBand] = {};
  int t = 0;
  for (int j = 0; j < 64; ++j) {
    const int column = rows_.samples[static_cast<std::size_t>(j)];
    const int end = column + rows_.lag + 1;  // output `column` is written at step column+lag
    advance(acc, in, t, end, width, rows_.window);
    t = end;
    const float count = rows_.counts[static_cast<std::size_t>(column)];
    for (int k = 0; k < num; ++k) {
      sampled_[at(col_band_first_ + k, 64) + static_cast<std::size_t>(j)] = acc[k] / count;
    }
  }
  col_band_fill_ = 0;
}

}  // namespace vigil::pdq
