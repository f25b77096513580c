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

// Off-centre rings and a dark block: no symmetry, so each rotation hashes differently.
cv::Mat rings(int width, int height) {
  cv::Mat image(height, width, CV_8UC3, cv::Scalar(250, 245, 235));
  for (int r = 20; r < width; r += 24) {
    cv::circle(image, {width / 3, height / 2}, r, cv::Scalar(30, 90 + r % 120, 200), 6);
  }
  cv::rectangle(image, {width / 2, height / 5}, {width - 30, height / 2}, cv::Scalar(20, 20, 20),
                cv::FILLED);
  return image;
}

std::vector<std::uint8_t> encode(const cv::Mat& image, const std::string& extension,
                                 const std::vector<int>& parameters = {}) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(extension, image, bytes, parameters)) {
    throw std::runtime_error("OpenCV cannot encode " + extension);
  }
  return bytes;
}

// An ISO media file as far as its magic bytes go (an `ftyp` box, then an `mdat` box of
// filler): enough to be typed video/mp4 and hashed, nothing any player would show.
std::vector<std::uint8_t> mp4_shaped_file() {
  std::vector<std::uint8_t> bytes = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
                                     0, 0, 2, 0,  'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
  constexpr std::uint32_t kFillerBytes = 4096;
  constexpr std::uint32_t kBoxBytes = kFillerBytes + 8;
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back((kBoxBytes >> shift) & 0xff);
  bytes.insert(bytes.end(), {'m', 'd', 'a', 't'});
  std::uint32_t state = 20261129;  // a fixed seed: the same file, so the same MD5, every run
  for (std::uint32_t i = 0; i < kFillerBytes; ++i) {
    state = state * 1664525u + 1013904223u;
    bytes.push_back(static_cast<std::uint8_t>(state >> 24));
  }
  return bytes;
}

}  // namespace

DemoMaterial make_demo_material() {
  const cv::Mat listed = rings(640, 480);
  // What a re-upload of a listed image often looks like: turned, scaled down, re-encoded.
  cv::Mat rotated;
  cv::rotate(listed, rotated, cv::ROTATE_90_COUNTERCLOCKWISE);
  cv::resize(rotated, rotated, {}, 0.75, 0.75, cv::INTER_AREA);
  std::vector<std::uint8_t> truncated = encode(checkerboard(320, 240, 20), ".jpg");
  truncated.resize(truncated.size() / 2);

  DemoMaterial material;
  material.listed_image = encode(listed, ".png");
  material.listed_video = mp4_shaped_file();
  material.uploads = {
      {"exact-copy.png", material.listed_image, DemoExpectation::exact_copy},
      {"rotated-copy.jpg", encode(rotated, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 80}),
       DemoExpectation::rotated_copy},
      {"clean.png", encode(stripes(800, 600), ".png"), DemoExpectation::clean},
      {"clip.mp4", material.listed_video, DemoExpectation::listed_non_image},
      {"truncated.jpg", std::move(truncated), DemoExpectation::truncated},
  };
  return material;
}

}  // namespace vigil::cli
