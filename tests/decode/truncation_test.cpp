// A file cut short is `truncated`, never a partly grey image: OpenCV itself happily
// "decodes" a truncated baseline JPEG.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "gif_builder.hpp"
#include "png_builder.hpp"
#include "synthetic_images.hpp"
#include "tiff_builder.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

Bytes prefix(const Bytes& bytes, std::size_t length) {
  return Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
}

ErrorCode code_of(const Bytes& bytes) {
  const auto media = decode_image(bytes);
  return media.ok() ? ErrorCode::ok : media.status().code();
}

TEST(Truncation, JpegWithoutEoiIsTruncated) {
  const Bytes jpeg = encode(".jpg", bgr_gradient(120, 80));
  // OpenCV alone returns a full-size image for the first half of a baseline JPEG.
  EXPECT_FALSE(cv::imdecode(prefix(jpeg, jpeg.size() / 2), cv::IMREAD_UNCHANGED).empty());
  EXPECT_EQ(code_of(prefix(jpeg, jpeg.size() / 2)), ErrorCode::truncated);
  EXPECT_EQ(code_of(prefix(jpeg, jpeg.size() - 2)), ErrorCode::truncated);  // just no EOI
  EXPECT_EQ(code_of(prefix(jpeg, jpeg.size() - 1)), ErrorCode::truncated);
}

TEST(Truncation, ProgressiveJpegCutBetweenScansIsTruncated) {
  const Bytes jpeg = encode(".jpg", bgr_gradient(120, 80), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  for (const double fraction : {0.3, 0.6, 0.9}) {
    const auto length = static_cast<std::size_t>(static_cast<double>(jpeg.size()) * fraction);
    EXPECT_EQ(code_of(prefix(jpeg, length)), ErrorCode::truncated) << fraction;
  }
}

TEST(Truncation, BytesAfterJpegEoiAreIgnored) {
  Bytes jpeg = encode(".jpg", bgr_gradient(40, 30));
  jpeg.insert(jpeg.end(), {0x00, 0x00, 0x12, 0x34, 0xFF, 0xD8});
  EXPECT_EQ(code_of(jpeg), ErrorCode::ok);
}

TEST(Truncation, PngWithoutIendIsTruncated) {
  const Bytes png = encode(".png", bgr_gradient(60, 40));
  const Bytes iend = png_chunk("IEND", {});
  ASSERT_TRUE(std::equal(iend.begin(), iend.end(), png.end() - 12)) << "PNG must end with IEND";
  EXPECT_EQ(code_of(prefix(png, png.size() - 12)), ErrorCode::truncated);  // IEND dropped
  EXPECT_EQ(code_of(prefix(png, png.size() / 2)), ErrorCode::truncated);   // inside IDAT
  EXPECT_EQ(code_of(prefix(png, 40)), ErrorCode::truncated);
}

TEST(Truncation, OtherFormatsCutShortAreTruncated) {
  const cv::Mat image = bgr_gradient(60, 40);
  for (const char* extension : {".webp", ".bmp"}) {
    SCOPED_TRACE(extension);
    const Bytes encoded = encode(extension, image);
    EXPECT_EQ(code_of(prefix(encoded, encoded.size() - 1)), ErrorCode::truncated);
    EXPECT_EQ(code_of(prefix(encoded, encoded.size() / 2)), ErrorCode::truncated);
  }
  Bytes pixels(std::size_t{60} * 40 * 3, 77);
  const Bytes tiff = build_tiff(60, 40, 3, pixels, 0);
  EXPECT_EQ(code_of(tiff), ErrorCode::ok);
  EXPECT_EQ(code_of(prefix(tiff, tiff.size() - 1)), ErrorCode::truncated);
}

TEST(Truncation, GifCutInsideImageDataIsTruncated) {
  GifSpec spec;
  spec.screen_width = spec.width = 40;
  spec.screen_height = spec.height = 30;
  spec.global_palette = {0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255};
  for (int i = 0; i < 40 * 30; ++i)
    spec.indices.push_back(static_cast<std::uint8_t>((i * 7 / 5) % 4));
  const Bytes gif = build_gif(spec);
  EXPECT_EQ(code_of(gif), ErrorCode::ok);
  EXPECT_EQ(code_of(prefix(gif, gif.size() / 2)), ErrorCode::truncated);
  EXPECT_EQ(code_of(prefix(gif, 20)), ErrorCode::truncated);
}

// Every strict prefix of a small file is an error (and never a crash): the end of each
// format is structurally marked. GIF is the exception: the trailer and the end of the
// image data are not needed to draw the first frame.
TEST(Truncation, EveryPrefixOfASmallFileFails) {
  const cv::Mat image = bgr_gradient(16, 12);
  std::vector<std::pair<std::string, Bytes>> files = {
      {"jpeg", encode(".jpg", image)},
      {"progressive jpeg", encode(".jpg", image, {cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
      {"png", encode(".png", image)},
      {"webp", encode(".webp", image)},
      {"lossless webp", encode(".webp", image, {cv::IMWRITE_WEBP_QUALITY, 101})},
      {"bmp", encode(".bmp", image)},
      {"tiff", build_tiff(16, 12, 3, Bytes(16 * 12 * 3, 9), 0)},
  };
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    ASSERT_EQ(code_of(bytes), ErrorCode::ok);
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      const ErrorCode code = code_of(prefix(bytes, length));
      ASSERT_NE(code, ErrorCode::ok) << "prefix of " << length << " bytes decoded";
      ASSERT_NE(code, ErrorCode::internal) << "prefix of " << length << " bytes";
    }
  }
}

TEST(Truncation, GifPrefixesFailUntilTheImageDataIsComplete) {
  GifSpec spec;
  spec.screen_width = spec.width = 16;
  spec.screen_height = spec.height = 12;
  spec.global_palette = {0, 0, 0, 255, 255, 255};
  for (int i = 0; i < 16 * 12; ++i) spec.indices.push_back(static_cast<std::uint8_t>((i / 3) % 2));
  const Bytes gif = build_gif(spec);
  ASSERT_EQ(code_of(gif), ErrorCode::ok);
  bool decoded_once = false;
  for (std::size_t length = 0; length < gif.size(); ++length) {
    const ErrorCode code = code_of(prefix(gif, length));
    if (code == ErrorCode::ok) {
      decoded_once = true;
      // Only the trailer, the block terminator and the bytes holding nothing but the
      // end-of-information code (at most two) may be missing.
      EXPECT_GE(length, gif.size() - 4) << "prefix of " << length << " bytes decoded";
    } else {
      EXPECT_FALSE(decoded_once) << "a longer prefix failed after a shorter one decoded";
    }
  }
}

}  // namespace
}  // namespace vigil::decode_test
