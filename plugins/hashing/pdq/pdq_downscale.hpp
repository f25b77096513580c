// Internal to vigil_pdq: the image-domain half of PDQ, from 8-bit pixels to the 64x64 luma.
//
// Reproduces, bit for bit, Meta's reference (ThreatExchange pdq/cpp/downscaling/
// downscaling.cpp): float luma Y = 0.299f*R + 0.587f*G + 0.114f*B (grey: Y = value), then the
// Jarosz filter (two rounds of a box filter along rows followed by one along columns, window
// ceil(dimension / 128), running float sums divided by the window population), then
// decimation to 64x64 by sampling pixel ((i + 0.5) * height / 64, (j + 0.5) * width / 64).
//
// It is organised for speed without changing any float operation:
//  * the image streams through in bands of rows, so working memory is a few dozen rows
//    rather than two full-image float buffers;
//  * row filters run several rows at once (independent running sums) and divide in a
//    separate vectorised pass; column filters process a whole row of columns per step;
//  * the second round is only evaluated where decimation samples it: the second row pass
//    keeps its running sums along the whole row (their rounding depends on every step) but
//    only divides at the 64 sampled columns, and the second column pass only runs on
//    those 64 columns.
// Each running sum sees exactly the reference's sequence of float additions and
// subtractions, so the result equals the reference's for any image size.
//
// Thread-safety: a Downscaler owns mutable scratch memory; use one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pdq_dct.hpp"

namespace vigil::pdq {

// 8-bit pixels in memory: `channels` is 3 (RGB, R first) or 1 (grey).
struct PixelView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  std::size_t stride = 0;  // bytes between row starts, >= channels * width
  int channels = 3;
};

// Writes the reference's float luma of one row of `px` into `out[0 .. px.width)`.
void luma_row(const PixelView& px, int row, float* out);

class Downscaler {
 public:
  // Blur and decimate `px` (width, height >= 1) into the 64x64 luma `out`, exactly as the
  // reference's jaroszFilterFloat + decimateFloat do. Scratch memory is kept between calls
  // and only grows.
  void downscale(const PixelView& px, Luma64& out);

 private:
  // One axis of the box filter: its length, window, and per-output window populations.
  struct Axis {
    int length = 0;
    int window = 0;
    int lag = 0;                  // outputs trail inputs by this many steps: (window+2)/2 - 1
    std::vector<float> counts;    // counts[o] = number of inputs averaged into output o
    std::array<int, 64> samples;  // decimation indices along this axis
    void setup(int n);
  };

  void filter_band_rows(int first_row, int num_rows);
  void column_step(int t);
  void flush_column_band();

  PixelView px_;
  Axis rows_;  // along a row: length = width
  Axis cols_;  // along a column: length = height

  int ring_rows_ = 0;
  std::vector<float> luma_band_;  // kBand rows of luma
  std::vector<float> ring_;       // first-pass row-filtered rows, ring of ring_rows_ rows
  std::vector<float> dummy_row_;  // output for padding lanes of a partial band
  std::vector<float> col_sums_;   // first column pass running sums, one per column
  std::vector<float> col_band_;   // kBand rows of first-pass output awaiting the row pass
  int col_band_first_ = 0;        // image row of col_band_ row 0
  int col_band_fill_ = 0;         // rows of col_band_ filled
  std::vector<float> sampled_;    // height x 64: second row pass at the sampled columns
};

}  // namespace vigil::pdq
