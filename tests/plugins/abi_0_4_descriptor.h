/* A frozen copy of vigil_plugin_descriptor as ABI version 4 (major 0, minor 4) declared it:
 * the layout of a plugin built against the previous minor version, before `deprecated`
 * was appended. Never edit it: it stands for plugin binaries already deployed. */
#ifndef VIGIL_TEST_ABI_0_4_DESCRIPTOR_H_
#define VIGIL_TEST_ABI_0_4_DESCRIPTOR_H_

#include <vigil/plugin_abi.h>

typedef enum vigil_plugin_kind_0_4 {
  VIGIL_0_4_KIND_DETECTOR = 1,
  VIGIL_0_4_KIND_REPORTER = 2
} vigil_plugin_kind_0_4;

typedef struct vigil_plugin_descriptor_0_4 {
  uint32_t abi_version;
  uint32_t struct_size;
  const char* id;
  const char* version;
  const char* description;
  vigil_plugin_kind_0_4 kind;
  uint32_t media_types;
  const char* const* signal_types;
  size_t signal_type_count;
  const vigil_config_field* config_fields;
  size_t config_field_count;
  vigil_status (*create)(const vigil_host_api* host, const vigil_key_value* settings,
                         size_t setting_count, void** instance, char* err, size_t err_cap);
  void (*destroy)(void* instance);
  const vigil_detector_api* detector;
  const vigil_reporter_api* reporter;
} vigil_plugin_descriptor_0_4;

#endif /* VIGIL_TEST_ABI_0_4_DESCRIPTOR_H_ */
