// Every pixel layout becomes 8-bit RGB: grey replicated, alpha dropped (colours kept as
// stored), palettes expanded, 16-bit scaled with rounding, float clipped and scaled.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "png_builder.hpp"
#include "synthetic_images.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

using Rgb = std::vector<std::uint8_t>;

Frame decode_ok(const Bytes& bytes) {
  auto media = decode_image(bytes);
  EXPECT_TRUE(media.ok()) << media.status().to_string();
  if (!media.ok() || media->frames.size() != 1) return {};
  return std::move(media->frames[0]);
}

std::uint8_t scaled_16(unsigned value) {
  return static_cast<std::uint8_t>(std::lround(value * 255.0 / 65535.0));
}

TEST(ColourConversion, GreyIsReplicated) {
  const cv::Mat grey = grey_checkerboard(9, 7, 2);
  const Frame frame = decode_ok(encode(".png", grey));
  EXPECT_EQ(max_abs_difference(frame, expected_rgb(grey)), 0);
  EXPECT_EQ(rgb_at(frame, 0, 0), (Rgb{32, 32, 32}));
  EXPECT_EQ(rgb_at(frame, 2, 0), (Rgb{224, 224, 224}));
}

TEST(ColourConversion, GreyAlphaDropsAlpha) {
  PngSpec spec;
  spec.width = 3;
  spec.height = 1;
  spec.colour_type = 4;
  spec.pixels = {10, 255, 128, 0, 250, 77};  // (grey, alpha) pairs
  const Frame frame = decode_ok(build_png(spec));
  EXPECT_EQ(frame.storage, (Bytes{10, 10, 10, 128, 128, 128, 250, 250, 250}));
}

TEST(ColourConversion, RgbaDropsAlphaWithoutCompositing) {
  cv::Mat bgra(2, 2, CV_8UC4);
  bgra.at<cv::Vec4b>(0, 0) = cv::Vec4b(1, 2, 3, 255);
  bgra.at<cv::Vec4b>(0, 1) = cv::Vec4b(40, 50, 60, 0);  // fully transparent: colour kept
  bgra.at<cv::Vec4b>(1, 0) = cv::Vec4b(200, 100, 0, 128);
  bgra.at<cv::Vec4b>(1, 1) = cv::Vec4b(9, 8, 7, 1);
  for (const char* extension : {".png", ".tiff"}) {
    SCOPED_TRACE(extension);
    const Frame frame = decode_ok(encode(extension, bgra));
    EXPECT_EQ(frame.storage, (Bytes{3, 2, 1, 60, 50, 40, 0, 100, 200, 7, 8, 9}));
  }
}

TEST(ColourConversion, LosslessWebpWithAlphaDropsAlpha) {
  cv::Mat bgra(4, 4, CV_8UC4, cv::Scalar(30, 60, 90, 200));
  const Frame frame = decode_ok(encode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 101}));
  EXPECT_EQ(rgb_at(frame, 3, 3), (Rgb{90, 60, 30}));
}

TEST(ColourConversion, SixteenBitGreyIsScaledWithRounding) {
  const std::vector<unsigned> values = {0, 1, 128, 129, 255, 256, 383, 32767, 32896, 65279, 65535};
  cv::Mat grey(1, static_cast<int>(values.size()), CV_16UC1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    grey.at<std::uint16_t>(0, static_cast<int>(i)) = static_cast<std::uint16_t>(values[i]);
  }
  const Frame frame = decode_ok(encode(".png", grey));
  ASSERT_EQ(frame.width, values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i]);
    const std::uint8_t expected = scaled_16(values[i]);
    EXPECT_EQ(rgb_at(frame, static_cast<std::uint32_t>(i), 0), (Rgb{expected, expected, expected}));
  }
  // The values from the contract.
  EXPECT_EQ(rgb_at(frame, 10, 0)[0], 255);  // 65535
  EXPECT_EQ(rgb_at(frame, 8, 0)[0], 128);   // 32896
  EXPECT_EQ(rgb_at(frame, 6, 0)[0], 1);     // 383 / 257 = 1.49
  EXPECT_EQ(rgb_at(frame, 3, 0)[0], 1);     // 129 / 257 = 0.502
}

TEST(ColourConversion, EverySixteenBitValueScalesLikeTheFormula) {
  cv::Mat grey(256, 256, CV_16UC1);
  for (int i = 0; i < 65536; ++i)
    grey.at<std::uint16_t>(i / 256, i % 256) = static_cast<std::uint16_t>(i);
  for (const char* extension : {".png", ".tiff"}) {
    SCOPED_TRACE(extension);
    const Frame frame = decode_ok(encode(extension, grey));
    ASSERT_EQ(frame.storage.size(), std::size_t{65536} * 3);
    for (unsigned i = 0; i < 65536; ++i) {
      ASSERT_EQ(frame.storage[3 * i], scaled_16(i)) << "value " << i;
    }
  }
}

TEST(ColourConversion, SixteenBitColourIsScaledAndReordered) {
  cv::Mat bgr(1, 1, CV_16UC3, cv::Scalar(65535, 32896, 0));  // B, G, R
  EXPECT_EQ(decode_ok(encode(".png", bgr)).storage, (Bytes{0, 128, 255}));
  cv::Mat bgra(1, 1, CV_16UC4, cv::Scalar(257, 514, 771, 1000));
  EXPECT_EQ(decode_ok(encode(".png", bgra)).storage, (Bytes{3, 2, 1}));
}

TEST(ColourConversion, PaletteIsExpanded) {
  PngSpec spec;
  spec.width = 4;
  spec.height = 1;
  spec.colour_type = 3;
  spec.palette = {255, 0, 0, 0, 255, 0, 0, 0, 255};
  spec.pixels = {2, 1, 0, 2};
  EXPECT_EQ(decode_ok(build_png(spec)).storage,
            (Bytes{0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0, 255}));
}

TEST(ColourConversion, PaletteWithTransparencyKeepsPaletteColours) {
  PngSpec spec;
  spec.width = 2;
  spec.height = 1;
  spec.colour_type = 3;
  spec.palette = {11, 22, 33, 44, 55, 66};
  spec.transparency = {0, 128};  // entry 0 fully transparent
  spec.pixels = {0, 1};
  EXPECT_EQ(decode_ok(build_png(spec)).storage, (Bytes{11, 22, 33, 44, 55, 66}));
}

TEST(ColourConversion, FourBitPaletteAndOneBitGreyAreExpanded) {
  PngSpec palette;
  palette.width = 3;
  palette.height = 1;
  palette.bit_depth = 4;
  palette.colour_type = 3;
  palette.palette = {0, 0, 0, 10, 10, 10, 20, 20, 20};
  palette.pixels = {0x21, 0x00};  // indices 2, 1, 0
  EXPECT_EQ(decode_ok(build_png(palette)).storage, (Bytes{20, 20, 20, 10, 10, 10, 0, 0, 0}));

  PngSpec bilevel;
  bilevel.width = 3;
  bilevel.height = 1;
  bilevel.bit_depth = 1;
  bilevel.colour_type = 0;
  bilevel.pixels = {0b10100000};  // 1, 0, 1
  EXPECT_EQ(decode_ok(build_png(bilevel)).storage, (Bytes{255, 255, 255, 0, 0, 0, 255, 255, 255}));
}

TEST(ColourConversion, FloatIsClippedAndScaled) {
  const std::vector<float> values = {
      0.0f, 0.5f, 1.0f, 2.0f, -1.0f, 0.25f, std::numeric_limits<float>::quiet_NaN()};
  cv::Mat image(1, static_cast<int>(values.size()), CV_32FC1);
  for (std::size_t i = 0; i < values.size(); ++i)
    image.at<float>(0, static_cast<int>(i)) = values[i];
  const Bytes tiff = encode(".tiff", image);
  const cv::Mat reread = cv::imdecode(tiff, cv::IMREAD_UNCHANGED);
  ASSERT_EQ(reread.type(), CV_32FC1) << "OpenCV no longer writes float TIFF losslessly";
  const Frame frame = decode_ok(tiff);
  const Bytes expected_grey = {0, 128, 255, 255, 0, 64, 0};
  ASSERT_EQ(frame.width, values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i]);
    EXPECT_EQ(rgb_at(frame, static_cast<std::uint32_t>(i), 0)[0], expected_grey[i]);
  }
}

}  // namespace
}  // namespace vigil::decode_test
