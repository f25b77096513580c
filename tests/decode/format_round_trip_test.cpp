// Every supported format decodes to the right size and colours: lossless formats exactly,
// lossy ones exactly as OpenCV itself decodes them.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "gif_builder.hpp"
#include "synthetic_images.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

void expect_single_rgb_frame(const Media& media, int width, int height) {
  EXPECT_EQ(media.type, MediaType::image);
  ASSERT_EQ(media.frames.size(), 1u);
  const Frame& frame = media.frames[0];
  EXPECT_EQ(frame.width, static_cast<std::uint32_t>(width));
  EXPECT_EQ(frame.height, static_cast<std::uint32_t>(height));
  EXPECT_EQ(frame.stride, std::size_t{3} * frame.width);
  EXPECT_EQ(frame.external, nullptr) << "the frame must own its pixels";
  EXPECT_EQ(frame.storage.size(), frame.stride * frame.height);
  EXPECT_EQ(media.metadata.exif_orientation, 0);
  EXPECT_FALSE(media.source_path.has_value());
}

struct LosslessCase {
  const char* extension;
  const char* mime;
  std::vector<int> params;
};

class LosslessRoundTrip : public ::testing::TestWithParam<LosslessCase> {};

TEST_P(LosslessRoundTrip, DecodesExactly) {
  const cv::Mat image = bgr_gradient(37, 23);  // odd sizes: row padding in BMP, etc.
  const Bytes encoded = encode(GetParam().extension, image, GetParam().params);
  const auto media = decode_image(encoded);
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  expect_single_rgb_frame(*media, 37, 23);
  EXPECT_EQ(media->metadata.mime_type, GetParam().mime);
  EXPECT_EQ(max_abs_difference(media->frames[0], expected_rgb(image)), 0);
  // Spot-check the channel order: pixel (x, y) = (R, G, B) = (2(x+y), 6y, 5x).
  EXPECT_EQ(rgb_at(media->frames[0], 10, 3), (std::vector<std::uint8_t>{26, 18, 50}));
}

INSTANTIATE_TEST_SUITE_P(
    Formats, LosslessRoundTrip,
    ::testing::Values(LosslessCase{".png", "image/png", {}}, LosslessCase{".bmp", "image/bmp", {}},
                      LosslessCase{".tiff", "image/tiff", {}},
                      LosslessCase{".webp", "image/webp", {cv::IMWRITE_WEBP_QUALITY, 101}}),
    [](const auto& param_info) { return std::string(param_info.param.extension + 1); });

struct LossyCase {
  const char* extension;
  const char* mime;
};

class LossyRoundTrip : public ::testing::TestWithParam<LossyCase> {};

TEST_P(LossyRoundTrip, MatchesOpenCvAndStaysCloseToTheOriginal) {
  // A flat colour survives lossy coding almost unchanged.
  const cv::Mat flat(24, 40, CV_8UC3, cv::Scalar(90, 40, 200));  // BGR
  const Bytes encoded = encode(GetParam().extension, flat);
  const auto media = decode_image(encoded);
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  expect_single_rgb_frame(*media, 40, 24);
  EXPECT_EQ(media->metadata.mime_type, GetParam().mime);
  EXPECT_LE(max_abs_difference(media->frames[0], expected_rgb(flat)), 3);

  const cv::Mat gradient = bgr_gradient(64, 48);
  const Bytes gradient_encoded = encode(GetParam().extension, gradient);
  const auto decoded = decode_image(gradient_encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().to_string();
  const cv::Mat reference = cv::imdecode(gradient_encoded, cv::IMREAD_COLOR);
  EXPECT_EQ(max_abs_difference(decoded->frames[0], expected_rgb(reference)), 0);
}

INSTANTIATE_TEST_SUITE_P(Formats, LossyRoundTrip,
                         ::testing::Values(LossyCase{".jpg", "image/jpeg"},
                                           LossyCase{".webp", "image/webp"}),
                         [](const auto& param_info) {
                           return std::string(param_info.param.extension + 1);
                         });

TEST(FormatRoundTrip, GreyJpegIsReplicated) {
  const cv::Mat grey = grey_checkerboard(32, 16, 8);
  const auto media = decode_image(encode(".jpg", grey, {cv::IMWRITE_JPEG_QUALITY, 100}));
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  expect_single_rgb_frame(*media, 32, 16);
  const Frame& frame = media->frames[0];
  for (std::size_t i = 0; i < frame.storage.size(); i += 3) {
    ASSERT_EQ(frame.storage[i], frame.storage[i + 1]);
    ASSERT_EQ(frame.storage[i], frame.storage[i + 2]);
  }
  EXPECT_LE(max_abs_difference(frame, expected_rgb(grey)), 8);
}

TEST(FormatRoundTrip, ProgressiveJpegDecodes) {
  const cv::Mat image = bgr_gradient(50, 30);
  const Bytes encoded = encode(".jpg", image, {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const auto media = decode_image(encoded);
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  expect_single_rgb_frame(*media, 50, 30);
  EXPECT_EQ(
      max_abs_difference(media->frames[0], expected_rgb(cv::imdecode(encoded, cv::IMREAD_COLOR))),
      0);
}

TEST(FormatRoundTrip, GifDecodesThroughItsPalette) {
  GifSpec spec;
  spec.screen_width = spec.width = 6;
  spec.screen_height = spec.height = 4;
  spec.global_palette = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
  for (int i = 0; i < 24; ++i) spec.indices.push_back(static_cast<std::uint8_t>(i % 4));
  const auto media = decode_image(build_gif(spec));
  ASSERT_TRUE(media.ok()) << media.status().to_string();
  expect_single_rgb_frame(*media, 6, 4);
  EXPECT_EQ(media->metadata.mime_type, "image/gif");
  Bytes expected;
  for (int i = 0; i < 24; ++i) {
    const auto* colour = spec.global_palette.data() + 3 * (i % 4);
    expected.insert(expected.end(), colour, colour + 3);
  }
  EXPECT_EQ(media->frames[0].storage, expected);
}

}  // namespace
}  // namespace vigil::decode_test
