// EXIF orientation is read (JPEG APP1, PNG eXIf, WebP EXIF, TIFF tag 274) and recorded in
// metadata, but never applied: the pixels keep their stored layout.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "png_builder.hpp"
#include "synthetic_images.hpp"
#include "tiff_builder.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

// Non-square, so any rotation would show in the dimensions.
constexpr int kWidth = 48;
constexpr int kHeight = 32;

Media decode_ok(const Bytes& bytes) {
  auto media = decode_image(bytes);
  EXPECT_TRUE(media.ok()) << media.status().to_string();
  if (!media.ok()) return {};
  return std::move(*media);
}

class JpegOrientation : public ::testing::TestWithParam<int> {};

TEST_P(JpegOrientation, IsRecordedNotApplied) {
  const Bytes plain = encode(".jpg", bgr_gradient(kWidth, kHeight));
  const Media reference = decode_ok(plain);
  for (const bool big_endian : {false, true}) {
    SCOPED_TRACE(big_endian ? "MM" : "II");
    const Bytes jpeg = insert_jpeg_exif(plain, exif_tiff_block(GetParam(), big_endian));
    const Media media = decode_ok(jpeg);
    EXPECT_EQ(media.metadata.exif_orientation, GetParam());
    ASSERT_EQ(media.frames.size(), 1u);
    EXPECT_EQ(media.frames[0].width, static_cast<std::uint32_t>(kWidth));
    EXPECT_EQ(media.frames[0].height, static_cast<std::uint32_t>(kHeight));
    EXPECT_EQ(media.frames[0].storage, reference.frames[0].storage);
    const auto header = probe_image(jpeg);
    ASSERT_TRUE(header.ok()) << header.status().to_string();
    EXPECT_EQ(header->exif_orientation, GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(AllValues, JpegOrientation, ::testing::Range(1, 9));

TEST(ExifOrientation, InvalidOrMissingIsZero) {
  const Bytes plain = encode(".jpg", bgr_gradient(kWidth, kHeight));
  EXPECT_EQ(decode_ok(plain).metadata.exif_orientation, 0);
  for (const int invalid : {0, 9, 300}) {
    EXPECT_EQ(decode_ok(insert_jpeg_exif(plain, exif_tiff_block(invalid, false)))
                  .metadata.exif_orientation,
              0)
        << invalid;
  }
}

TEST(ExifOrientation, BrokenExifBlockStillDecodes) {
  const Bytes plain = encode(".jpg", bgr_gradient(kWidth, kHeight));
  Bytes block = exif_tiff_block(6, false);
  block[4] = 0xF0;  // IFD offset far past the end of the block
  const Media media = decode_ok(insert_jpeg_exif(plain, block));
  EXPECT_EQ(media.metadata.exif_orientation, 0);
  EXPECT_EQ(media.frames.size(), 1u);
  block.resize(10);  // cut inside the IFD
  EXPECT_EQ(decode_ok(insert_jpeg_exif(plain, block)).metadata.exif_orientation, 0);
}

TEST(ExifOrientation, PngExifChunk) {
  const Bytes plain = encode(".png", bgr_gradient(kWidth, kHeight));
  const Bytes png = insert_png_chunk_after_ihdr(plain, png_chunk("eXIf", exif_tiff_block(8, true)));
  const Media media = decode_ok(png);
  EXPECT_EQ(media.metadata.exif_orientation, 8);
  EXPECT_EQ(media.frames[0].width, static_cast<std::uint32_t>(kWidth));
  EXPECT_EQ(media.frames[0].storage, decode_ok(plain).frames[0].storage);

  // Some writers keep the "Exif\0\0" identifier in the chunk.
  Bytes with_identifier = {'E', 'x', 'i', 'f', 0, 0};
  const Bytes block = exif_tiff_block(3, false);
  with_identifier.insert(with_identifier.end(), block.begin(), block.end());
  EXPECT_EQ(decode_ok(insert_png_chunk_after_ihdr(plain, png_chunk("eXIf", with_identifier)))
                .metadata.exif_orientation,
            3);
}

TEST(ExifOrientation, WebpExifChunk) {
  for (const int quality : {80, 101}) {  // lossy VP8 and lossless VP8L
    SCOPED_TRACE(quality);
    const Bytes plain =
        encode(".webp", bgr_gradient(kWidth, kHeight), {cv::IMWRITE_WEBP_QUALITY, quality});
    const Bytes webp = add_webp_exif(plain, kWidth, kHeight, exif_tiff_block(6, false));
    const Media media = decode_ok(webp);
    EXPECT_EQ(media.metadata.exif_orientation, 6);
    ASSERT_EQ(media.frames.size(), 1u);
    EXPECT_EQ(media.frames[0].width, static_cast<std::uint32_t>(kWidth));
    EXPECT_EQ(media.frames[0].storage, decode_ok(plain).frames[0].storage);
  }
}

TEST(ExifOrientation, TiffOrientationTag) {
  Bytes pixels;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      pixels.insert(pixels.end(), {static_cast<std::uint8_t>(x), static_cast<std::uint8_t>(y), 7});
    }
  }
  const Media plain = decode_ok(build_tiff(kWidth, kHeight, 3, pixels, 0));
  EXPECT_EQ(plain.metadata.exif_orientation, 0);
  EXPECT_EQ(plain.frames[0].storage, pixels);
  // OpenCV 4.6 applies the TIFF tag on its own (flips, and transposes for 5..8): the
  // decoder must keep the stored layout for every value.
  for (const int orientation : {1, 2, 3, 4, 5, 6, 7, 8}) {
    SCOPED_TRACE(orientation);
    const Media media = decode_ok(build_tiff(kWidth, kHeight, 3, pixels, orientation));
    EXPECT_EQ(media.metadata.exif_orientation, orientation);
    ASSERT_EQ(media.frames.size(), 1u);
    EXPECT_EQ(media.frames[0].width, static_cast<std::uint32_t>(kWidth));
    EXPECT_EQ(media.frames[0].storage, pixels);
  }
  // Big-endian files, and the grey path, too.
  Bytes grey(std::size_t{kWidth} * kHeight);
  for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = static_cast<std::uint8_t>(i);
  for (const int orientation : {3, 6}) {
    SCOPED_TRACE(orientation);
    const Media media = decode_ok(build_tiff(kWidth, kHeight, 1, grey, orientation, true));
    EXPECT_EQ(media.metadata.exif_orientation, orientation);
    ASSERT_EQ(media.frames.size(), 1u);
    EXPECT_EQ(media.frames[0].width, static_cast<std::uint32_t>(kWidth));
    for (std::size_t i = 0; i < grey.size(); ++i) {
      ASSERT_EQ(media.frames[0].storage[3 * i], grey[i]) << i;
    }
  }
}

}  // namespace
}  // namespace vigil::decode_test
