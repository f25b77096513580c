// probe_image: format, size and orientation from the header, without decoding.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "gif_builder.hpp"
#include "png_builder.hpp"
#include "synthetic_images.hpp"
#include "tiff_builder.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

void expect_header(const Bytes& bytes, const std::string& format, std::uint32_t width,
                   std::uint32_t height, int orientation = 0) {
  const auto header = probe_image(bytes);
  ASSERT_TRUE(header.ok()) << format << ": " << header.status().to_string();
  EXPECT_EQ(header->format, format);
  EXPECT_EQ(header->width, width) << format;
  EXPECT_EQ(header->height, height) << format;
  EXPECT_EQ(header->exif_orientation, orientation) << format;
}

TEST(ProbeImage, EveryFormat) {
  const cv::Mat image = bgr_gradient(45, 31);
  expect_header(encode(".jpg", image), "jpeg", 45, 31);
  expect_header(encode(".jpg", image, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), "jpeg", 45, 31);
  expect_header(encode(".png", image), "png", 45, 31);
  expect_header(encode(".webp", image), "webp", 45, 31);
  expect_header(encode(".webp", image, {cv::IMWRITE_WEBP_QUALITY, 101}), "webp", 45, 31);
  expect_header(encode(".bmp", image), "bmp", 45, 31);
  expect_header(encode(".tiff", image), "tiff", 45, 31);
  expect_header(build_tiff(45, 31, 1, Bytes(45 * 31, 0), 5), "tiff", 45, 31, 5);
  GifSpec gif;
  gif.screen_width = 45;
  gif.screen_height = 31;
  gif.width = gif.height = 1;
  gif.global_palette = {0, 0, 0, 1, 1, 1};
  gif.indices = {0};
  expect_header(build_gif(gif), "gif", 45, 31);
  const Bytes webp = encode(".webp", image, {cv::IMWRITE_WEBP_QUALITY, 101});
  expect_header(add_webp_exif(webp, 45, 31, exif_tiff_block(7, true)), "webp", 45, 31, 7);
}

TEST(ProbeImage, DoesNotNeedTheWholeFile) {
  const Bytes jpeg =
      insert_jpeg_exif(encode(".jpg", bgr_gradient(45, 31)), exif_tiff_block(6, false));
  // Cut inside the scan data: the header is all there.
  expect_header(Bytes(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() / 2)),
                "jpeg", 45, 31, 6);
  expect_header(build_png_header_only(100000, 100000), "png", 100000, 100000);
}

TEST(ProbeImage, Errors) {
  EXPECT_EQ(probe_image({}).status().code(), ErrorCode::empty_input);
  const Bytes text = {'n', 'o', 'p', 'e'};
  EXPECT_EQ(probe_image(text).status().code(), ErrorCode::unsupported_format);
  const Bytes png = encode(".png", bgr_gradient(4, 4));
  EXPECT_EQ(probe_image(Bytes(png.begin(), png.begin() + 20)).status().code(),
            ErrorCode::truncated);
  const Bytes jpeg = encode(".jpg", bgr_gradient(4, 4));
  EXPECT_EQ(probe_image(Bytes(jpeg.begin(), jpeg.begin() + 10)).status().code(),
            ErrorCode::truncated);
  EXPECT_EQ(probe_image(build_png_header_only(0, 3)).status().code(), ErrorCode::empty_input);
}

}  // namespace
}  // namespace vigil::decode_test
