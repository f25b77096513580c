// Hasher behaviour beyond the shared vectors: degenerate inputs, strides, scratch reuse,
// agreement with a plain model of the reference on many image sizes, and what the dihedral
// names mean.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "naive_pdq.hpp"
#include "pdq_downscale.hpp"
#include "pdq_hasher.hpp"

namespace vigil::pdq {
namespace {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // packed, stride 3 * width
  std::size_t stride() const { return static_cast<std::size_t>(width) * 3; }
  std::uint8_t* px(int x, int y) {
    return &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                 static_cast<std::size_t>(x)) *
                3];
  }
  const std::uint8_t* px(int x, int y) const { return const_cast<Image*>(this)->px(x, y); }
};

std::uint8_t clamp_byte(double v) {
  return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

Image noise_image(int width, int height, std::uint32_t seed) {
  Image img{width, height, {}};
  img.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  std::mt19937 rng(seed);
  for (auto& b : img.rgb) b = static_cast<std::uint8_t>(rng() & 0xFF);
  return img;
}

// Smooth blobs plus a little noise: a high-quality image with a stable hash.
Image blob_image(int width, int height, std::uint32_t seed) {
  Image img{width, height, {}};
  img.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  struct Blob {
    double x, y, r, c[3];
  };
  std::vector<Blob> blobs(12);
  for (auto& b : blobs) {
    b = {u(rng) * width,
         u(rng) * height,
         (0.05 + 0.2 * u(rng)) * std::min(width, height),
         {u(rng) * 255, u(rng) * 255, u(rng) * 255}};
  }
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double c[3] = {40, 40, 40};
      for (const auto& b : blobs) {
        const double d2 = ((x - b.x) * (x - b.x) + (y - b.y) * (y - b.y)) / (b.r * b.r);
        const double w = std::exp(-d2);
        for (int k = 0; k < 3; ++k) c[k] = c[k] * (1 - w) + b.c[k] * w;
      }
      std::uint8_t* p = img.px(x, y);
      for (int k = 0; k < 3; ++k) p[k] = clamp_byte(c[k] + (u(rng) - 0.5) * 8);
    }
  }
  return img;
}

// ---------------------------------------------------------------- degenerate inputs

TEST(Hasher, ImagesSmallerThan5x5GiveZeroHashAndQuality) {
  Hasher hasher;
  const int sizes[][2] = {{1, 1}, {4, 4}, {4, 100}, {100, 4}, {0, 10}, {10, 0}, {0, 0}};
  for (const auto& s : sizes) {
    const Image img = noise_image(std::max(s[0], 1), std::max(s[1], 1), 7);
    const auto w = static_cast<std::uint32_t>(s[0]);
    const auto h = static_cast<std::uint32_t>(s[1]);
    const PdqResult r = hasher.hash_rgb(img.rgb.data(), w, h, img.stride());
    EXPECT_TRUE(r.hash.is_zero()) << s[0] << "x" << s[1];
    EXPECT_EQ(r.quality, 0);
    const DihedralResult d = hasher.hash_rgb_dihedral(img.rgb.data(), w, h, img.stride());
    EXPECT_EQ(d.quality, 0);
    for (const Hash256& hh : d.hashes) EXPECT_TRUE(hh.is_zero());
  }
}

TEST(Hasher, NullPixelsGiveZeroHash) {
  Hasher hasher;
  const PdqResult r = hasher.hash_rgb(nullptr, 100, 100, 300);
  EXPECT_TRUE(r.hash.is_zero());
  EXPECT_EQ(r.quality, 0);
}

TEST(Hasher, FiveByFiveIsHashed) {
  Hasher hasher;
  const Image img = noise_image(5, 5, 3);
  const PdqResult r = hasher.hash_rgb(img.rgb.data(), 5, 5, img.stride());
  EXPECT_FALSE(r.hash.is_zero());
}

TEST(Hasher, ConstantImageHasQualityZero) {
  Hasher hasher;
  Image img = noise_image(200, 150, 1);
  std::fill(img.rgb.begin(), img.rgb.end(), std::uint8_t{90});
  EXPECT_EQ(hasher.hash_rgb(img.rgb.data(), 200, 150, img.stride()).quality, 0);
}

// ---------------------------------------------------------------- layout and reuse

TEST(Hasher, StrideIsHonoured) {
  const Image img = blob_image(97, 61, 11);
  const std::size_t stride = img.stride() + 13;
  std::vector<std::uint8_t> padded(stride * 61, 0xEE);
  for (int y = 0; y < 61; ++y) {
    std::copy_n(img.px(0, y), img.stride(), &padded[static_cast<std::size_t>(y) * stride]);
  }
  Hasher hasher;
  const PdqResult packed = hasher.hash_rgb(img.rgb.data(), 97, 61, img.stride());
  const PdqResult strided = hasher.hash_rgb(padded.data(), 97, 61, stride);
  EXPECT_EQ(packed.hash, strided.hash);
  EXPECT_EQ(packed.quality, strided.quality);
}

TEST(Hasher, ReuseAcrossSizesGivesFreshResults) {
  const Image big = blob_image(700, 500, 21);
  const Image small = noise_image(37, 45, 22);
  Hasher reused;
  const PdqResult big1 = reused.hash_rgb(big.rgb.data(), 700, 500, big.stride());
  const PdqResult small1 = reused.hash_rgb(small.rgb.data(), 37, 45, small.stride());
  const PdqResult big2 = reused.hash_rgb(big.rgb.data(), 700, 500, big.stride());
  Hasher fresh;
  const PdqResult small2 = fresh.hash_rgb(small.rgb.data(), 37, 45, small.stride());
  EXPECT_EQ(big1.hash, big2.hash);
  EXPECT_EQ(big1.quality, big2.quality);
  EXPECT_EQ(small1.hash, small2.hash);
  EXPECT_EQ(small1.quality, small2.quality);
}

TEST(Hasher, MovedHasherKeepsWorking) {
  const Image img = blob_image(120, 80, 5);
  Hasher a;
  const PdqResult before = a.hash_rgb(img.rgb.data(), 120, 80, img.stride());
  Hasher b(std::move(a));
  EXPECT_EQ(b.hash_rgb(img.rgb.data(), 120, 80, img.stride()).hash, before.hash);
}

TEST(Hasher, GreyMatchesFloatLumaOfGreyValues) {
  // Grey input is taken as luma directly; an RGB image with R = G = B = v gives
  // 0.299f*v + 0.587f*v + 0.114f*v, which is not always v, so only the hash
  // of a grey image fed both ways is compared loosely.
  const Image rgb = blob_image(160, 120, 9);
  std::vector<std::uint8_t> grey(160 * 120);
  Image as_rgb = rgb;
  for (std::size_t i = 0; i < grey.size(); ++i) {
    grey[i] = rgb.rgb[3 * i + 1];
    for (int k = 0; k < 3; ++k) as_rgb.rgb[3 * i + static_cast<std::size_t>(k)] = grey[i];
  }
  Hasher hasher;
  const PdqResult g = hasher.hash_grey(grey.data(), 160, 120, 160);
  const PdqResult c = hasher.hash_rgb(as_rgb.rgb.data(), 160, 120, as_rgb.stride());
  EXPECT_LE(hamming_distance(g.hash, c.hash), 8);
  EXPECT_FALSE(g.hash.is_zero());
}

// ---------------------------------------------------------------- plain reference model

class HasherMatchesNaiveModel : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(HasherMatchesNaiveModel, LumaAndHashAreBitExact) {
  const auto [width, height] = GetParam();
  const Image img = (width * height) % 2 == 0
                        ? noise_image(width, height, 100u + static_cast<unsigned>(width))
                        : blob_image(width, height, 200u + static_cast<unsigned>(height));

  // The optimised downscaler against the full-buffer model, bit for bit.
  PixelView px;
  px.data = img.rgb.data();
  px.width = width;
  px.height = height;
  px.stride = img.stride();
  px.channels = 3;
  Downscaler downscaler;
  Luma64 fast{};
  downscaler.downscale(px, fast);
  const Luma64 slow = testing::naive_downscale(
      testing::naive_luma_rgb(img.rgb.data(), width, height, img.stride()), width, height);
  for (std::size_t k = 0; k < fast.size(); ++k) {
    ASSERT_EQ(std::bit_cast<std::uint32_t>(fast[k]), std::bit_cast<std::uint32_t>(slow[k]))
        << "64x64 sample " << k / 64 << "," << k % 64;
  }

  Hasher hasher;
  const PdqResult r = hasher.hash_rgb(img.rgb.data(), static_cast<std::uint32_t>(width),
                                      static_cast<std::uint32_t>(height), img.stride());
  const PdqResult n = testing::naive_hash_rgb(img.rgb.data(), width, height, img.stride());
  EXPECT_EQ(r.hash, n.hash);
  EXPECT_EQ(r.quality, n.quality);
}

// Sizes around the band height (8), window changes (multiples of 128), extreme aspect
// ratios, and windows wide enough for all four box-filter phases to matter.
INSTANTIATE_TEST_SUITE_P(
    Sizes, HasherMatchesNaiveModel,
    ::testing::Values(std::pair{5, 5}, std::pair{6, 7}, std::pair{5, 9}, std::pair{9, 5},
                      std::pair{17, 8}, std::pair{8, 17}, std::pair{63, 65}, std::pair{64, 64},
                      std::pair{65, 64}, std::pair{127, 129}, std::pair{128, 128},
                      std::pair{129, 257}, std::pair{256, 255}, std::pair{300, 200},
                      std::pair{385, 391}, std::pair{1000, 7}, std::pair{7, 1000},
                      std::pair{1500, 390}, std::pair{390, 1500}, std::pair{2049, 33},
                      std::pair{641, 1283}),
    [](const ::testing::TestParamInfo<std::pair<int, int>>& p) {
      return std::to_string(p.param.first) + "x" + std::to_string(p.param.second);
    });

// ---------------------------------------------------------------- dihedral semantics

// Applies transform `t` (index into kDihedralNames) to the pixels.
Image transform_pixels(const Image& in, int t) {
  const int w = in.width;
  const int h = in.height;
  const bool swaps = t == 1 || t == 3 || t == 6 || t == 7;
  Image out{swaps ? h : w, swaps ? w : h, std::vector<std::uint8_t>(in.rgb.size())};
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      int sx = x;
      int sy = y;
      switch (t) {
        case 1:
          sx = w - 1 - y;
          sy = x;
          break;  // rot90, counter-clockwise
        case 2:
          sx = w - 1 - x;
          sy = h - 1 - y;
          break;  // rot180
        case 3:
          sx = y;
          sy = h - 1 - x;
          break;  // rot270
        case 4:
          sy = h - 1 - y;
          break;  // flipx: top <-> bottom
        case 5:
          sx = w - 1 - x;
          break;  // flipy: left <-> right
        case 6:
          sx = y;
          sy = x;
          break;  // flipplus1: transpose
        case 7:
          sx = w - 1 - y;
          sy = h - 1 - x;
          break;  // flipminus1: anti-transpose
        default:
          break;
      }
      std::copy_n(in.px(sx, sy), 3, out.px(x, y));
    }
  }
  return out;
}

TEST(Hasher, DihedralNamesDescribeThePixelTransforms) {
  const Image img = blob_image(240, 180, 77);
  Hasher hasher;
  const DihedralResult d = hasher.hash_rgb_dihedral(img.rgb.data(), 240, 180, img.stride());
  ASSERT_GE(d.quality, 50);
  for (int t = 0; t < kNumDihedral; ++t) {
    const Image moved = transform_pixels(img, t);
    const PdqResult r = hasher.hash_rgb(moved.rgb.data(), static_cast<std::uint32_t>(moved.width),
                                        static_cast<std::uint32_t>(moved.height), moved.stride());
    int best = -1;
    int best_distance = 257;
    for (int v = 0; v < kNumDihedral; ++v) {
      const int dist = hamming_distance(r.hash, d.hashes[static_cast<std::size_t>(v)]);
      if (dist < best_distance) {
        best_distance = dist;
        best = v;
      }
    }
    // The transformed image is the nearest variant, within PDQ's usual match threshold
    // (the blur and the decimation grid are not exactly symmetric, so a few bits differ).
    EXPECT_EQ(best, t) << kDihedralNames[static_cast<std::size_t>(t)];
    EXPECT_LE(best_distance, 31) << kDihedralNames[static_cast<std::size_t>(t)];
  }
}

TEST(Hasher, DihedralNamesAreTheReferenceOnes) {
  EXPECT_EQ(kDihedralNames[0], "orig");
  EXPECT_EQ(kDihedralNames[1], "rot90");
  EXPECT_EQ(kDihedralNames[2], "rot180");
  EXPECT_EQ(kDihedralNames[3], "rot270");
  EXPECT_EQ(kDihedralNames[4], "flipx");
  EXPECT_EQ(kDihedralNames[5], "flipy");
  EXPECT_EQ(kDihedralNames[6], "flipplus1");
  EXPECT_EQ(kDihedralNames[7], "flipminus1");
}

TEST(Hasher, DihedralOrigMatchesSingleHashExceptAt64x64) {
  Hasher hasher;
  const Image img = blob_image(150, 90, 31);
  const PdqResult single = hasher.hash_rgb(img.rgb.data(), 150, 90, img.stride());
  const DihedralResult all = hasher.hash_rgb_dihedral(img.rgb.data(), 150, 90, img.stride());
  EXPECT_EQ(all.hashes[0], single.hash);
  EXPECT_EQ(all.quality, single.quality);
}

TEST(Hasher, GreyDihedralOrigMatchesGreyHash) {
  const Image img = blob_image(130, 70, 41);
  std::vector<std::uint8_t> grey(130 * 70);
  for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = img.rgb[3 * i];
  Hasher hasher;
  const PdqResult single = hasher.hash_grey(grey.data(), 130, 70, 130);
  const DihedralResult all = hasher.hash_grey_dihedral(grey.data(), 130, 70, 130);
  EXPECT_EQ(all.hashes[0], single.hash);
  EXPECT_EQ(all.quality, single.quality);
  EXPECT_NE(all.hashes[1], single.hash);
}

}  // namespace
}  // namespace vigil::pdq
