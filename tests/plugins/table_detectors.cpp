// Two detectors in one library, exported as a `vigil_plugins` table. The library also
// exports the first one as the single `vigil_plugin` symbol; with
// INCONSISTENT_TABLE that single descriptor is not in the table, which the host refuses.
#include <vigil/plugin.hpp>

#include <string>

namespace {

// Emits "<name>" = the number of frames, so a test sees which plugin scanned.
template <const char* Name>
class counting_detector : public vigil::plugin::detector {
 public:
  static constexpr const char* signal_types[] = {Name};
  explicit counting_detector(const vigil::plugin::settings&) {}
  void scan(const vigil::plugin::media& input, vigil::plugin::signal_sink& out) override {
    out.emit(Name, std::to_string(input.frames().size()));
  }
};

constexpr char kFirst[] = "first_count";
constexpr char kSecond[] = "second_count";

}  // namespace

extern "C" {
extern VIGIL_PLUGIN_EXPORT const vigil_plugin_descriptor vigil_plugin;
}
constinit const vigil_plugin_descriptor kSecondPlugin =
    vigil::plugin::detector_descriptor<counting_detector<kSecond>>(
        "org.vigil.test.table.second", "1.0.0", "Second of two plugins in one library",
        VIGIL_MEDIA_IMAGE, "use org.vigil.test.table.first");

#ifdef INCONSISTENT_TABLE
constinit const vigil_plugin_descriptor vigil_plugin =
    vigil::plugin::detector_descriptor<counting_detector<kFirst>>(
        "org.vigil.test.table.outside", "1.0.0", "Exported alone, outside the table",
        VIGIL_MEDIA_IMAGE);
VIGIL_PLUGIN_TABLE(&kSecondPlugin)
#else
constinit const vigil_plugin_descriptor vigil_plugin =
    vigil::plugin::detector_descriptor<counting_detector<kFirst>>(
        "org.vigil.test.table.first", "1.0.0", "First of two plugins in one library",
        VIGIL_MEDIA_IMAGE);
VIGIL_PLUGIN_TABLE(&vigil_plugin, &kSecondPlugin)
#endif
