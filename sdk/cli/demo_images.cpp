#include "demo_images.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace vigil::cli {
namespace {

cv::Mat gradient(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<uchar>(255 * x / width), static_cast<uchar>(255 * y / height),
                    static_cast<uchar>(255 - 255 * x / width));
    }
  }
  return image;
}

// Diagonal stripes over a colour gradient: smooth colour, strong structure.
cv::Mat stripes(int width, int height) {
  cv::Mat image = gradient(width, height);
  for (int offset = -height; offset < width; offset += 90) {
    cv::line(image, {offset, 0}, {offset + height, height}, cv::Scalar(250, 250, 250), 18);
  }
  return image;
}

cv::Mat checkerboard(int width, int height, int cell) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const bool dark = ((x / cell) + (y / cell)) % 2 == 0;
      image.at<cv::Vec3b>(y, x) = dark ? cv::Vec3b(40, 60, 90) : cv::Vec3b(220, 210, 190);
    }
  }
  return image;
}

cv::Mat rings(int width, int height) {
  cv::Mat image(height, width, CV_8UC3, cv::Scalar(250, 245, 235));
  for (int r = 20; r < width; r += 24) {
    cv::circle(image, {width / 3, height / 2}, r, cv::Scalar(30, 90 + r % 120, 200), 6);
  }
  cv::rectangle(image, {width / 2, height / 5}, {width - 30, height / 2}, cv::Scalar(20, 20, 20),
                cv::FILLED);
  return image;
}

std::vector<std::uint8_t> encode(const cv::Mat& image, const std::string& extension) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(extension, image, bytes)) {
    throw std::runtime_error("OpenCV cannot encode " + extension);
  }
  return bytes;
}

}  // namespace

std::vector<DemoUpload> make_demo_uploads() {
  const cv::Mat ring_image = rings(640, 480);
  cv::Mat ring_rotated;
  cv::rotate(ring_image, ring_rotated, cv::ROTATE_90_COUNTERCLOCKWISE);
  std::vector<std::uint8_t> truncated = encode(checkerboard(320, 240, 20), ".jpg");
  truncated.resize(truncated.size() / 2);
  return {
      {"stripes.png", encode(stripes(800, 600), ".png")},
      {"checkerboard.jpg", encode(checkerboard(1024, 768, 64), ".jpg")},
      {"rings.png", encode(ring_image, ".png")},
      {"rings-rotated.png", encode(ring_rotated, ".png")},
      {"half-uploaded.jpg", std::move(truncated)},
  };
}

}  // namespace vigil::cli
