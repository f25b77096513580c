// A complete Vigil detector plugin: reports the mean brightness of an image.
// Copy this folder, rename the class and id, and put your logic in scan().
#include <vigil/plugin.hpp>

#include <cstdint>
#include <string>

class brightness_detector : public vigil::plugin::detector {
 public:
  // Signals this detector can emit; the host refuses any other.
  static constexpr const char* signal_types[] = {"brightness"};
  // Settings it accepts in a [[detector]] table (name, type, description, default, required).
  static constexpr vigil_config_field config_fields[] = {
      {"scale", VIGIL_SETTING_INTEGER, "report brightness on 0..scale", "100", 0}};

  brightness_detector(const vigil::plugin::settings& settings, const vigil::plugin::host& host)
      : scale_(settings.get_int("scale", 100)) {
    if (scale_ <= 0) throw vigil::plugin::error("scale must be positive");
    host.debug("brightness detector ready");
  }

  // Called from many threads at once: keep it free of shared mutable state.
  void scan(const vigil::plugin::media& input, vigil::plugin::signal_sink& out) override {
    if (input.frames().empty()) return;
    const vigil_frame& frame = input.frames()[0];
    std::uint64_t sum = 0;
    for (std::uint32_t y = 0; y < frame.height; ++y) {
      const std::uint8_t* row = frame.pixels + y * frame.stride;
      for (std::uint32_t x = 0; x < 3 * frame.width; ++x) sum += row[x];
    }
    const std::uint64_t samples = std::uint64_t{3} * frame.width * frame.height;
    out.emit("brightness",
             std::to_string(sum * static_cast<std::uint64_t>(scale_) / (255 * samples)));
  }

 private:
  long long scale_;
};

VIGIL_DETECTOR_PLUGIN(brightness_detector, "com.example.brightness", "1.0.0",
                      "Mean brightness of an image", VIGIL_MEDIA_IMAGE)
