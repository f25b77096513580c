// Written against the raw C ABI (no plugin.hpp, no allocation of its own): emits one
// signal whose value is a static 256 KiB string, so a test can make the host's copy of it
// fail and check that the failure never unwinds through the plugin's frames.
#include <vigil/plugin_abi.h>

#include <cstring>

namespace {

constexpr size_t kValueSize = 256 * 1024;
char g_value[kValueSize + 1];

vigil_status create(const vigil_host_api*, const vigil_key_value*, size_t, void** out, char*,
                    size_t) {
  std::memset(g_value, 'a', kValueSize);
  g_value[kValueSize] = '\0';
  static int instance;
  *out = &instance;
  return VIGIL_OK;
}

void destroy(void*) {}

vigil_status scan(void*, const vigil_media_view*, const vigil_signal_sink* sink, char* err,
                  size_t err_cap) {
  const vigil_signal_out signal{"large", g_value, -1, nullptr, 0};
  const vigil_status status = sink->emit(sink->context, &signal);
  if (status != VIGIL_OK && err_cap > 0) {
    std::strncpy(err, "the host refused the signal", err_cap - 1);
    err[err_cap - 1] = '\0';
  }
  return status;
}

const char* const kSignals[] = {"large"};
const vigil_detector_api kDetector = {sizeof(vigil_detector_api), &scan};

}  // namespace

extern "C" VIGIL_PLUGIN_EXPORT const vigil_plugin_descriptor vigil_plugin;
const vigil_plugin_descriptor vigil_plugin = {VIGIL_PLUGIN_ABI_VERSION,
                                              sizeof(vigil_plugin_descriptor),
                                              "org.vigil.test.large_signal",
                                              "1.0.0",
                                              "Emits one 256 KiB signal",
                                              VIGIL_KIND_DETECTOR,
                                              VIGIL_MEDIA_IMAGE,
                                              kSignals,
                                              1,
                                              nullptr,
                                              0,
                                              &create,
                                              &destroy,
                                              &kDetector,
                                              nullptr,
                                              nullptr};
