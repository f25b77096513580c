// A well-behaved test detector: emits the sum of all pixel bytes and the number of raw
// bytes it could read, so tests can check that every scan sees its own media.
#include <vigil/plugin.hpp>

#include <cstdio>
#include <string>

namespace {

class good_detector : public vigil::plugin::detector {
 public:
  static constexpr const char* signal_types[] = {"pixel_sum", "byte_count"};
  static constexpr vigil_config_field config_fields[] = {
      {"quality", VIGIL_SETTING_INTEGER, "quality reported with pixel_sum", "100", 0},
      {"label", VIGIL_SETTING_STRING, "free text attached as an attribute", nullptr, 0},
  };

  good_detector(const vigil::plugin::settings& settings, const vigil::plugin::host& host)
      : quality_(static_cast<int>(settings.get_int("quality", 100))),
        label_(settings.get_string("label")) {
    host.info("good detector created");
  }

  void scan(const vigil::plugin::media& input, vigil::plugin::signal_sink& out) override {
    unsigned long long sum = 0;
    for (const vigil_frame& frame : input.frames()) {
      for (std::uint32_t y = 0; y < frame.height; ++y) {
        const std::uint8_t* row = frame.pixels + y * frame.stride;
        for (std::uint32_t x = 0; x < 3 * frame.width; ++x) sum += row[x];
      }
    }
    std::map<std::string, std::string> attributes;
    if (!label_.empty()) attributes["label"] = label_;
    out.emit("pixel_sum", std::to_string(sum), quality_, attributes);
    if (input.has_bytes()) {
      std::uint8_t buffer[4096];
      std::size_t total = 0;
      while (std::size_t got = input.read_bytes(buffer)) total += got;
      out.emit("byte_count", std::to_string(total));
    }
  }

 private:
  int quality_;
  std::string label_;
};

}  // namespace

VIGIL_DETECTOR_PLUGIN(good_detector, "org.vigil.test.good", "1.2.3",
                      "Sums pixels; a well-behaved test plugin", VIGIL_MEDIA_IMAGE)
