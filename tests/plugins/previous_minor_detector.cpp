// A working detector built against the previous minor layout of the ABI (version 4, see
// abi_0_4_descriptor.h): its descriptor is shorter than this host's. Bytes that a host
// reading past its struct_size would take for `deprecated` follow it in the exported
// symbol, so a host that ignored struct_size would list the plugin as deprecated.
//
// Built a second time as r_cut_field with CUT_FIELD defined: its struct_size then ends
// half-way through those bytes, as a plugin built against an unreleased header might; the
// host must treat the half-covered field as absent, not read half a pointer.
#include <cstddef>
#include <string>

#include "abi_0_4_descriptor.h"

namespace {

vigil_status create(const vigil_host_api*, const vigil_key_value*, size_t, void** out, char*,
                    size_t) {
  static int instance;
  *out = &instance;
  return VIGIL_OK;
}
void destroy(void*) {}

// Emits "pixel_sum": the sum of every pixel byte of every frame.
vigil_status scan(void*, const vigil_media_view* media, const vigil_signal_sink* sink, char*,
                  size_t) {
  unsigned long long sum = 0;
  for (size_t f = 0; f < media->frame_count; ++f) {
    const vigil_frame& frame = media->frames[f];
    for (uint32_t y = 0; y < frame.height; ++y) {
      const uint8_t* row = frame.pixels + y * frame.stride;
      for (uint32_t x = 0; x < 3 * frame.width; ++x) sum += row[x];
    }
  }
  const std::string value = std::to_string(sum);
  vigil_signal_out signal{"pixel_sum", value.c_str(), -1, nullptr, 0};
  return sink->emit(sink->context, &signal);
}

const char* const kSignals[] = {"pixel_sum"};
const vigil_detector_api kDetector = {sizeof(vigil_detector_api), &scan};

// What the 0.4 plugin exports, then bytes that are not part of its descriptor.
struct descriptor_then_other_data {
  vigil_plugin_descriptor_0_4 descriptor;
  const char* not_a_field;
};

}  // namespace

#ifdef CUT_FIELD
constexpr uint32_t kStructSize = sizeof(vigil_plugin_descriptor_0_4) + sizeof(const char*) / 2;
constexpr const char* kId = "org.vigil.test.cut_field";
#else
constexpr uint32_t kStructSize = sizeof(vigil_plugin_descriptor_0_4);
constexpr const char* kId = "org.vigil.test.previous_minor";
#endif

extern "C" VIGIL_PLUGIN_EXPORT const descriptor_then_other_data vigil_plugin;
const descriptor_then_other_data vigil_plugin = {
    {4u, kStructSize, kId, "0.4.0", "Built against ABI version 4's descriptor layout",
     VIGIL_0_4_KIND_DETECTOR, VIGIL_MEDIA_IMAGE, kSignals, 1, nullptr, 0, &create, &destroy,
     &kDetector, nullptr},
    "read past struct_size"};
