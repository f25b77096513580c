// Test detector whose creation always fails with a specific message.
#include <vigil/plugin.hpp>

namespace {

class failing_create_detector : public vigil::plugin::detector {
 public:
  static constexpr const char* signal_types[] = {"never"};
  explicit failing_create_detector(const vigil::plugin::settings&) {
    throw vigil::plugin::error("license file /nonexistent/key not found",
                               VIGIL_ERROR_INVALID_ARGUMENT);
  }
  void scan(const vigil::plugin::media&, vigil::plugin::signal_sink&) override {}
};

}  // namespace

VIGIL_DETECTOR_PLUGIN(failing_create_detector, "org.vigil.test.failing_create", "1.0.0",
                      "Refuses to be created", VIGIL_MEDIA_IMAGE)
