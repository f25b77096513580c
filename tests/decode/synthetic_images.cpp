#include "synthetic_images.hpp"

#include <algorithm>
#include <cstdlib>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

namespace vigil::decode_test {

cv::Mat bgr_gradient(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<std::uint8_t>(5 * x), static_cast<std::uint8_t>(6 * y),
                    static_cast<std::uint8_t>(2 * (x + y)));
    }
  }
  return image;
}

cv::Mat grey_checkerboard(int width, int height, int cell) {
  cv::Mat image(height, width, CV_8UC1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at<std::uint8_t>(y, x) = ((x / cell + y / cell) % 2 == 0) ? 32 : 224;
    }
  }
  return image;
}

Bytes encode(const std::string& extension, const cv::Mat& image, const std::vector<int>& params) {
  Bytes out;
  const bool ok = cv::imencode(extension, image, out, params);
  EXPECT_TRUE(ok) << "cv::imencode(" << extension << ") failed";
  if (!ok) out.clear();
  return out;
}

std::vector<std::uint8_t> rgb_at(const Frame& frame, std::uint32_t x, std::uint32_t y) {
  const std::uint8_t* p = frame.data() + y * frame.stride + 3u * x;
  return {p[0], p[1], p[2]};
}

Bytes expected_rgb(const cv::Mat& image) {
  Bytes out;
  out.reserve(static_cast<std::size_t>(image.total()) * 3);
  const int channels = image.channels();
  for (int y = 0; y < image.rows; ++y) {
    const std::uint8_t* row = image.ptr<std::uint8_t>(y);
    for (int x = 0; x < image.cols; ++x) {
      const std::uint8_t* p = row + x * channels;
      if (channels == 1) {
        out.insert(out.end(), {p[0], p[0], p[0]});
      } else {
        out.insert(out.end(), {p[2], p[1], p[0]});
      }
    }
  }
  return out;
}

int max_abs_difference(const Frame& frame, const Bytes& rgb) {
  EXPECT_EQ(frame.stride, std::size_t{3} * frame.width);
  EXPECT_EQ(std::size_t{3} * frame.width * frame.height, rgb.size());
  if (std::size_t{3} * frame.width * frame.height != rgb.size()) return 256;
  int worst = 0;
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    worst = std::max(worst, std::abs(int{frame.data()[i]} - int{rgb[i]}));
  }
  return worst;
}

}  // namespace vigil::decode_test
