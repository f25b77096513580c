#include "opencv_decoder.hpp"

#include <climits>
#include <exception>
#include <mutex>
#include <new>
#include <string>

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>

namespace vigil::decode {
namespace {

// OpenCV logs a warning for many malformed inputs (e.g. TIFF). Hostile uploads should not
// flood the host's stderr, so the first decode lowers OpenCV's global level from its
// default (WARNING) to ERROR. A level the host changed is left alone.
void quiet_opencv_warnings_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    namespace logging = cv::utils::logging;
    if (logging::getLogLevel() == logging::LOG_LEVEL_WARNING) {
      logging::setLogLevel(logging::LOG_LEVEL_ERROR);
    }
  });
}

Status failed(std::string_view format_name, std::string_view what) {
  return Status(ErrorCode::decode_failed, std::string(format_name) + ": " + std::string(what));
}

}  // namespace

Result<cv::Mat> decode_with_opencv(std::span<const std::uint8_t> bytes,
                                   std::string_view format_name) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return Status(ErrorCode::too_large, "OpenCV cannot decode more than 2 GiB of data");
  }
  quiet_opencv_warnings_once();
  try {
    // imdecode only reads the buffer; the Mat header does not copy it.
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8UC1,
                          const_cast<std::uint8_t*>(bytes.data()));
    cv::Mat image = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
    if (image.empty()) return failed(format_name, "the codec rejected the data");
    return image;
  } catch (const cv::Exception& e) {
    return failed(format_name, std::string("the codec failed: ") + e.what());
  } catch (const std::bad_alloc&) {
    return Status(ErrorCode::too_large, std::string(format_name) + ": out of memory decoding");
  } catch (const std::exception& e) {
    return failed(format_name, std::string("the codec failed: ") + e.what());
  } catch (...) {
    return failed(format_name, "the codec failed with an unknown exception");
  }
}

}  // namespace vigil::decode
