#include "colour_conversion.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace vigil::decode {
namespace {

std::uint8_t scale_16_to_8(std::uint16_t value) {
  // round(value * 255 / 65535): exact in integers; ties cannot occur.
  return static_cast<std::uint8_t>((std::uint32_t{value} * 255u + 32767u) / 65535u);
}

template <typename Float>
std::uint8_t scale_float_to_8(Float value) {
  if (!(value > Float{0})) return 0;  // also NaN
  if (value >= Float{1}) return 255;
  return static_cast<std::uint8_t>(std::lround(static_cast<double>(value) * 255.0));
}

template <typename Sample, typename Scale>
cv::Mat convert_samples(const cv::Mat& image, Scale scale) {
  cv::Mat out(image.rows, image.cols, CV_MAKETYPE(CV_8U, image.channels()));
  const auto samples_per_row = static_cast<std::size_t>(image.cols) * image.channels();
  for (int y = 0; y < image.rows; ++y) {
    const auto* src = image.ptr<Sample>(y);
    auto* dst = out.ptr<std::uint8_t>(y);
    for (std::size_t i = 0; i < samples_per_row; ++i) dst[i] = scale(src[i]);
  }
  return out;
}

Result<cv::Mat> to_8bit(const cv::Mat& image) {
  switch (image.depth()) {
    case CV_8U:
      return image;
    case CV_16U:
      return convert_samples<std::uint16_t>(image, scale_16_to_8);
    case CV_32F:
      return convert_samples<float>(image, scale_float_to_8<float>);
    case CV_64F:
      return convert_samples<double>(image, scale_float_to_8<double>);
    default:
      return Status(ErrorCode::decode_failed,
                    "unsupported sample type (OpenCV depth " + std::to_string(image.depth()) + ")");
  }
}

}  // namespace

Result<Frame> to_rgb_frame(const cv::Mat& image) {
  if (image.empty() || image.dims != 2) {
    return Status(ErrorCode::decode_failed, "decoder produced no image");
  }
  const int channels = image.channels();
  if (channels < 1 || channels > 4) {
    return Status(ErrorCode::decode_failed,
                  "unsupported channel count " + std::to_string(channels));
  }
  const auto eight_bit = to_8bit(image);
  if (!eight_bit.ok()) return eight_bit.status();
  const cv::Mat& src = *eight_bit;

  Frame frame;
  frame.width = static_cast<std::uint32_t>(src.cols);
  frame.height = static_cast<std::uint32_t>(src.rows);
  frame.stride = std::size_t{3} * frame.width;
  frame.storage.resize(frame.stride * frame.height);
  const auto step = static_cast<std::size_t>(channels);
  for (int y = 0; y < src.rows; ++y) {
    const std::uint8_t* in = src.ptr<std::uint8_t>(y);
    std::uint8_t* out = frame.storage.data() + static_cast<std::size_t>(y) * frame.stride;
    for (int x = 0; x < src.cols; ++x, in += step, out += 3) {
      if (channels <= 2) {  // grey, grey + alpha
        out[0] = out[1] = out[2] = in[0];
      } else {  // BGR, BGRA
        out[0] = in[2];
        out[1] = in[1];
        out[2] = in[0];
      }
    }
  }
  return frame;
}

}  // namespace vigil::decode
