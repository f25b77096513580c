// A detector that declares byte input only (VIGIL_MEDIA_BYTES): it must be called for every
// upload, decodable or not. Emits how many bytes it read and how many frames it was given.
#include <vigil/plugin.hpp>

#include <string>

namespace {

class bytes_detector : public vigil::plugin::detector {
 public:
  static constexpr const char* signal_types[] = {"byte_length", "frames_seen"};
  static constexpr vigil_config_field config_fields[] = {
      {"unused", VIGIL_SETTING_STRING, "accepted and ignored", nullptr, 0},
  };

  bytes_detector(const vigil::plugin::settings&, const vigil::plugin::host&) {}

  void scan(const vigil::plugin::media& input, vigil::plugin::signal_sink& out) override {
    std::uint8_t buffer[4096];
    std::size_t total = 0;
    while (std::size_t got = input.read_bytes(buffer)) total += got;
    out.emit("byte_length", std::to_string(total));
    out.emit("frames_seen", std::to_string(input.frames().size()));
  }
};

}  // namespace

VIGIL_DETECTOR_PLUGIN(bytes_detector, "org.vigil.test.bytes", "1.0.0",
                      "Counts raw bytes of every upload", VIGIL_MEDIA_BYTES)
