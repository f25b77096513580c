// Empty, unrecognised and over-limit input: refused with the right code, and over-limit
// images refused from the header alone, before anything is allocated.
#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "gif_builder.hpp"
#include "png_builder.hpp"
#include "synthetic_images.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

ErrorCode code_of(const Bytes& bytes, const DecodeLimits& limits = {}) {
  const auto media = decode_image(bytes, limits);
  return media.ok() ? ErrorCode::ok : media.status().code();
}

TEST(LimitsAndErrors, DefaultLimitsAreTheDocumentedOnes) {
  const DecodeLimits limits;
  EXPECT_EQ(limits.max_encoded_bytes, std::size_t{256} * 1024 * 1024);
  EXPECT_EQ(limits.max_pixels, 100'000'000u);
  EXPECT_EQ(limits.max_dimension, 30'000u);
}

TEST(LimitsAndErrors, ZeroBytesIsEmptyInput) {
  EXPECT_EQ(code_of({}), ErrorCode::empty_input);
  const auto media = decode_image(std::span<const std::uint8_t>());
  ASSERT_FALSE(media.ok());
  EXPECT_EQ(media.status().code(), ErrorCode::empty_input);
}

TEST(LimitsAndErrors, OneByteIsUnsupportedFormat) {
  EXPECT_EQ(code_of({0x42}), ErrorCode::unsupported_format);
  EXPECT_EQ(code_of({0xFF}), ErrorCode::unsupported_format);
  EXPECT_EQ(code_of({0x00}), ErrorCode::unsupported_format);
}

TEST(LimitsAndErrors, RandomBytesAreUnsupportedFormat) {
  std::mt19937 rng(1234);
  for (const std::size_t size : {2u, 7u, 64u, 4096u}) {
    Bytes bytes(size);
    for (auto& byte : bytes) byte = static_cast<std::uint8_t>(rng());
    EXPECT_EQ(code_of(bytes), ErrorCode::unsupported_format) << size;
  }
}

TEST(LimitsAndErrors, OtherFormatsAreUnsupported) {
  const std::string text = "hello, world";
  EXPECT_EQ(code_of(Bytes(text.begin(), text.end())), ErrorCode::unsupported_format);
  const std::string ppm = "P6\n2 2\n255\n............";
  EXPECT_EQ(code_of(Bytes(ppm.begin(), ppm.end())), ErrorCode::unsupported_format);
  // JPEG 2000 and AVIF/HEIF, which OpenCV might decode but Vigil does not accept.
  EXPECT_EQ(code_of({0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A}),
            ErrorCode::unsupported_format);
  EXPECT_EQ(code_of({0x00, 0x00, 0x00, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f'}),
            ErrorCode::unsupported_format);
  // "BM" followed by something that is not a DIB header.
  const std::string bm = "BMW is a car maker, not a bitmap.";
  EXPECT_EQ(code_of(Bytes(bm.begin(), bm.end())), ErrorCode::unsupported_format);
}

TEST(LimitsAndErrors, HugePngHeaderIsRefusedInstantly) {
  const Bytes png = build_png_header_only(100000, 100000);
  const auto start = std::chrono::steady_clock::now();
  const auto media = decode_image(png);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(media.ok());
  EXPECT_EQ(media.status().code(), ErrorCode::too_large) << media.status().to_string();
  EXPECT_LT(elapsed, std::chrono::milliseconds(100));
  // The pixel limit alone also refuses it (10^10 pixels > 10^8).
  DecodeLimits no_side_limit;
  no_side_limit.max_dimension = 1'000'000;
  EXPECT_EQ(code_of(png, no_side_limit), ErrorCode::too_large);
}

TEST(LimitsAndErrors, DimensionAndPixelLimits) {
  EXPECT_EQ(code_of(build_png_header_only(30001, 1)), ErrorCode::too_large);
  EXPECT_EQ(code_of(build_png_header_only(1, 30001)), ErrorCode::too_large);
  EXPECT_EQ(code_of(build_png_header_only(20000, 20000)), ErrorCode::too_large);  // 4e8 px

  const Bytes png = encode(".png", bgr_gradient(40, 30));
  DecodeLimits limits;
  limits.max_pixels = 40 * 30;
  EXPECT_EQ(code_of(png, limits), ErrorCode::ok);
  limits.max_pixels = 40 * 30 - 1;
  EXPECT_EQ(code_of(png, limits), ErrorCode::too_large);
  limits = {};
  limits.max_dimension = 40;
  EXPECT_EQ(code_of(png, limits), ErrorCode::ok);
  limits.max_dimension = 39;
  EXPECT_EQ(code_of(png, limits), ErrorCode::too_large);
}

TEST(LimitsAndErrors, MaxEncodedBytes) {
  const Bytes png = encode(".png", bgr_gradient(40, 30));
  DecodeLimits limits;
  limits.max_encoded_bytes = png.size();
  EXPECT_EQ(code_of(png, limits), ErrorCode::ok);
  limits.max_encoded_bytes = png.size() - 1;
  EXPECT_EQ(code_of(png, limits), ErrorCode::too_large);
}

TEST(LimitsAndErrors, ZeroDimensionIsEmptyInput) {
  EXPECT_EQ(code_of(build_png_header_only(0, 10)), ErrorCode::empty_input);
  EXPECT_EQ(code_of(build_png_header_only(10, 0)), ErrorCode::empty_input);
  GifSpec gif;
  gif.screen_width = 0;
  gif.screen_height = 5;
  gif.width = gif.height = 1;
  gif.global_palette = {0, 0, 0, 1, 1, 1};
  gif.indices = {1};
  EXPECT_EQ(code_of(build_gif(gif)), ErrorCode::empty_input);
}

TEST(LimitsAndErrors, GifFirstImageLargerThanTheLimitsIsTooLarge) {
  // A tiny screen whose first image declares 40000x40000: refused before decoding.
  GifSpec spec;
  spec.screen_width = spec.screen_height = 4;
  spec.width = spec.height = 40000;
  spec.global_palette = {0, 0, 0, 255, 255, 255};
  spec.indices = {0};  // far too little data: the limit check must come first
  EXPECT_EQ(code_of(build_gif(spec)), ErrorCode::too_large);
}

TEST(LimitsAndErrors, AnimatedWebpIsUnsupported) {
  // RIFF / WEBP / VP8X with the animation flag and a 1x1 canvas.
  const Bytes webp = {'R', 'I', 'F', 'F', 22, 0,    0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8',
                      'X', 10,  0,   0,   0,  0x02, 0, 0, 0,   0,   0,   0,   0,   0,   0};
  EXPECT_EQ(code_of(webp), ErrorCode::unsupported_format);
}

TEST(LimitsAndErrors, CorruptPngDataIsDecodeFailed) {
  Bytes png = encode(".png", bgr_gradient(40, 30));
  png[png.size() / 2] ^= 0xFF;  // inside IDAT: the CRC no longer matches
  EXPECT_EQ(code_of(png), ErrorCode::decode_failed);
}

TEST(LimitsAndErrors, MessagesNameTheProblem) {
  const auto media = decode_image(build_png_header_only(100000, 100000));
  ASSERT_FALSE(media.ok());
  EXPECT_NE(media.status().message().find("100000x100000"), std::string::npos)
      << media.status().message();
}

}  // namespace
}  // namespace vigil::decode_test
