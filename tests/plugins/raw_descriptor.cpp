// Builds deliberately wrong descriptors against the raw C ABI. Which one is chosen at
// compile time by BROKEN_KIND:
//   1 wrong ABI version, 2 short struct size, 3 duplicate id of good_detector,
//   4 invalid descriptor contents (detector without a scan function),
//   5 not broken: a valid plugin built against the oldest ABI version hosts still load,
//   6 a path setting (ABI version 4) in a plugin that says it is ABI version 3,
//   7 another major ABI version (1.5) than the host's.
#include <vigil/plugin_abi.h>

#include <cstddef>

namespace {

vigil_status create(const vigil_host_api*, const vigil_key_value*, size_t, void** out, char*,
                    size_t) {
  static int dummy;
  *out = &dummy;
  return VIGIL_OK;
}
void destroy(void*) {}
[[maybe_unused]] vigil_status scan(void*, const vigil_media_view*, const vigil_signal_sink*, char*,
                                   size_t) {
  return VIGIL_OK;
}

const char* const kSignals[] = {"pixel_sum"};
#if BROKEN_KIND == 4
const vigil_detector_api kDetector = {sizeof(vigil_detector_api), nullptr};
#else
const vigil_detector_api kDetector = {sizeof(vigil_detector_api), &scan};
#endif

constexpr unsigned kAbi = BROKEN_KIND == 1   ? VIGIL_PLUGIN_ABI_VERSION + 41
                          : BROKEN_KIND == 5 ? VIGIL_PLUGIN_ABI_MIN_VERSION
                          : BROKEN_KIND == 6 ? 3u
                          : BROKEN_KIND == 7 ? (1u << 16) | VIGIL_PLUGIN_ABI_MINOR
                                             : VIGIL_PLUGIN_ABI_VERSION;
#if BROKEN_KIND == 6
const vigil_config_field kFields[] = {
    {"report_file", VIGIL_SETTING_PATH, "declared by a version 3 plugin", nullptr, 0}};
constexpr const vigil_config_field* kFieldTable = kFields;
constexpr size_t kFieldCount = 1;
#else
constexpr const vigil_config_field* kFieldTable = nullptr;
constexpr size_t kFieldCount = 0;
#endif
constexpr unsigned kSize =
    BROKEN_KIND == 2 ? offsetof(vigil_plugin_descriptor, create) : sizeof(vigil_plugin_descriptor);
constexpr const char* kId = BROKEN_KIND == 3   ? "org.vigil.test.good"
                            : BROKEN_KIND == 5 ? "org.vigil.test.oldest_abi"
                                               : "org.vigil.test.raw";

}  // namespace

extern "C" VIGIL_PLUGIN_EXPORT const vigil_plugin_descriptor vigil_plugin;
const vigil_plugin_descriptor vigil_plugin = {kAbi,
                                              kSize,
                                              kId,
                                              "9.9.9",
                                              "A deliberately broken descriptor",
                                              VIGIL_KIND_DETECTOR,
                                              VIGIL_MEDIA_IMAGE,
                                              kSignals,
                                              1,
                                              kFieldTable,
                                              kFieldCount,
                                              &create,
                                              &destroy,
                                              &kDetector,
                                              nullptr,
                                              nullptr};
