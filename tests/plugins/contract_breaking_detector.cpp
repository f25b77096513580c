// Test detector written against the raw C ABI that breaks the contract in ways the host
// can observe, chosen by the "mode" setting:
//   undeclared  - emits a signal type it never declared, ignores the refusal, returns ok;
//   bad_status  - returns a status code that does not exist, with no message;
//   raw_throw   - lets a C++ exception escape through the C boundary;
//   null_value  - emits a signal with a null value.
#include <vigil/plugin_abi.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace {

struct instance {
  std::string mode;
};

vigil_status create(const vigil_host_api*, const vigil_key_value* settings, size_t count,
                    void** out, char*, size_t) {
  auto* created = new instance{"undeclared"};
  for (size_t i = 0; i < count; ++i) {
    if (std::strcmp(settings[i].key, "mode") == 0) created->mode = settings[i].value;
  }
  *out = created;
  return VIGIL_OK;
}

void destroy(void* p) { delete static_cast<instance*>(p); }

vigil_status scan(void* p, const vigil_media_view*, const vigil_signal_sink* sink, char*, size_t) {
  const std::string& mode = static_cast<instance*>(p)->mode;
  if (mode == "bad_status") return 77;
  if (mode == "raw_throw") throw std::runtime_error("escaped");
  vigil_signal_out signal{"declared", "00", -1, nullptr, 0};
  if (mode == "null_value") signal.value = nullptr;
  if (mode == "undeclared") signal.type = "sneaky";
  (void)sink->emit(sink->context, &signal);  // deliberately ignores a refusal
  return VIGIL_OK;
}

const char* const kSignals[] = {"declared"};
const vigil_config_field kFields[] = {
    {"mode", VIGIL_SETTING_STRING, "which violation", "undeclared", 0}};
const vigil_detector_api kDetector = {sizeof(vigil_detector_api), &scan};

}  // namespace

extern "C" VIGIL_PLUGIN_EXPORT const vigil_plugin_descriptor vigil_plugin;
const vigil_plugin_descriptor vigil_plugin = {VIGIL_PLUGIN_ABI_VERSION,
                                              sizeof(vigil_plugin_descriptor),
                                              "org.vigil.test.contract_breaker",
                                              "1.0.0",
                                              "Breaks the plugin contract on purpose",
                                              VIGIL_KIND_DETECTOR,
                                              VIGIL_MEDIA_IMAGE,
                                              kSignals,
                                              1,
                                              kFields,
                                              1,
                                              &create,
                                              &destroy,
                                              &kDetector,
                                              nullptr,
                                              nullptr};
