// A detector that rewrites a file while the upload is being scanned (setting `path`), so a
// test can check that every signal of one scan describes the bytes the scan started with.
#include <vigil/plugin.hpp>

#include <fstream>
#include <string>

namespace {

class file_rewriter_detector : public vigil::plugin::detector {
 public:
  static constexpr const char* signal_types[] = {"rewritten"};
  static constexpr vigil_config_field config_fields[] = {
      {"path", VIGIL_SETTING_STRING, "file to overwrite during each scan", nullptr, 1},
  };

  file_rewriter_detector(const vigil::plugin::settings& settings, const vigil::plugin::host&)
      : path_(settings.get_string("path")) {}

  void scan(const vigil::plugin::media&, vigil::plugin::signal_sink& out) override {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << "changed while being scanned";
    out.emit("rewritten", "1");
  }

 private:
  std::string path_;
};

}  // namespace

VIGIL_DETECTOR_PLUGIN(file_rewriter_detector, "org.vigil.test.file_rewriter", "1.0.0",
                      "Overwrites a file during scans", VIGIL_MEDIA_IMAGE | VIGIL_MEDIA_BYTES)
