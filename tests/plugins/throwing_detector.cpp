// Test detector whose scan throws (caught by plugin.hpp's wrapper) unless the media is
// 1 pixel wide.
#include <vigil/plugin.hpp>

#include <stdexcept>

namespace {

class throwing_detector : public vigil::plugin::detector {
 public:
  static constexpr const char* signal_types[] = {"never"};
  explicit throwing_detector(const vigil::plugin::settings&) {}
  void scan(const vigil::plugin::media& input, vigil::plugin::signal_sink& out) override {
    if (!input.frames().empty() && input.frames()[0].width == 1) {
      out.emit("never", "0");
      return;
    }
    throw std::out_of_range("boom: index 7 out of range");
  }
};

}  // namespace

VIGIL_DETECTOR_PLUGIN(throwing_detector, "org.vigil.test.throwing", "1.0.0", "Throws from scan",
                      VIGIL_MEDIA_IMAGE)
