#include "naive_pdq.hpp"

namespace vigil::pdq::testing {

namespace {

std::size_t idx(int i) { return static_cast<std::size_t>(i); }

// One running box filter over n values spaced `stride` apart, in the reference's phases.
void box1d(const float* in, float* out, int n, int stride, int window) {
  const int half = (window + 2) / 2;
  const std::ptrdiff_t s = stride;
  std::ptrdiff_t left = 0;
  std::ptrdiff_t right = 0;
  std::ptrdiff_t o = 0;
  float sum = 0.0f;
  int population = 0;
  for (int i = 0; i < half - 1; ++i, right += s) {
    sum += in[right];
    ++population;
  }
  for (int i = 0; i < window - half + 1; ++i, right += s, o += s) {
    sum += in[right];
    ++population;
    out[o] = sum / static_cast<float>(population);
  }
  for (int i = 0; i < n - window; ++i, left += s, right += s, o += s) {
    sum += in[right];
    sum -= in[left];
    out[o] = sum / static_cast<float>(population);
  }
  for (int i = 0; i < half - 1; ++i, left += s, o += s) {
    sum -= in[left];
    --population;
    out[o] = sum / static_cast<float>(population);
  }
}

int window_for(int n) { return (n + 127) / 128; }

}  // namespace

std::vector<float> naive_luma_rgb(const std::uint8_t* rgb, int width, int height,
                                  std::size_t stride) {
  const float cr = static_cast<float>(0.299);
  const float cg = static_cast<float>(0.587);
  const float cb = static_cast<float>(0.114);
  std::vector<float> luma(static_cast<std::size_t>(width) * idx(height));
  for (int i = 0; i < height; ++i) {
    const std::uint8_t* p = rgb + idx(i) * stride;
    for (int j = 0; j < width; ++j) {
      float y = cr * static_cast<float>(p[3 * j]);
      y = y + cg * static_cast<float>(p[3 * j + 1]);
      y = y + cb * static_cast<float>(p[3 * j + 2]);
      luma[idx(i) * idx(width) + idx(j)] = y;
    }
  }
  return luma;
}

Luma64 naive_downscale(std::vector<float> a, int width, int height) {
  std::vector<float> b(a.size());
  const int wr = window_for(width);
  const int wc = window_for(height);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < height; ++i) {
      box1d(&a[idx(i) * idx(width)], &b[idx(i) * idx(width)], width, 1, wr);
    }
    for (int j = 0; j < width; ++j) box1d(&b[idx(j)], &a[idx(j)], height, width, wc);
  }
  Luma64 out{};
  for (int i = 0; i < 64; ++i) {
    const int si = static_cast<int>(((i + 0.5) * height) / 64);
    for (int j = 0; j < 64; ++j) {
      const int sj = static_cast<int>(((j + 0.5) * width) / 64);
      out[idx(i * 64 + j)] = a[idx(si) * idx(width) + idx(sj)];
    }
  }
  return out;
}

PdqResult naive_hash_rgb(const std::uint8_t* rgb, int width, int height, std::size_t stride) {
  PdqResult r;
  if (width < 5 || height < 5) return r;
  std::vector<float> luma = naive_luma_rgb(rgb, width, height, stride);
  Luma64 l64{};
  if (width == 64 && height == 64) {
    for (std::size_t k = 0; k < l64.size(); ++k) l64[k] = luma[k];
  } else {
    l64 = naive_downscale(std::move(luma), width, height);
  }
  r.quality = image_domain_quality(l64);
  Dct16 dct{};
  dct64_to_16(l64, dct);
  r.hash = bits_from_dct(dct);
  return r;
}

}  // namespace vigil::pdq::testing
