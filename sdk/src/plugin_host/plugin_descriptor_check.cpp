// Checks what a plugin's descriptor promises before the host relies on any of it.
#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "plugin_descriptor_check.hpp"

namespace vigil {
namespace {

Status invalid(std::string message) { return Status(ErrorCode::plugin_error, std::move(message)); }

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
}

// Reverse-DNS-like ids: lowercase letters, digits, '.', '_', '-'; at least one dot.
bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 128 || id.find('.') == std::string_view::npos) return false;
  if (id.front() == '.' || id.back() == '.') return false;
  for (char c : id) {
    if (!is_identifier_char(c) || std::isupper(static_cast<unsigned char>(c)) != 0) return false;
  }
  return true;
}

// Signal types and setting names: lowercase letters, digits and '_'.
bool is_valid_name(const char* name) {
  if (name == nullptr || *name == '\0') return false;
  std::string_view text(name);
  if (text.size() > 64) return false;
  for (char c : text) {
    bool ok = std::islower(static_cast<unsigned char>(c)) != 0 ||
              std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
    if (!ok) return false;
  }
  return true;
}

Status check_config_fields(const vigil_plugin_descriptor& d) {
  if (d.config_field_count > 0 && d.config_fields == nullptr) {
    return invalid("config_field_count is " + std::to_string(d.config_field_count) +
                   " but config_fields is null");
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < d.config_field_count; ++i) {
    const vigil_config_field& field = d.config_fields[i];
    if (!is_valid_name(field.name)) {
      return invalid("config field " + std::to_string(i) + " has an invalid name");
    }
    if (!seen.insert(field.name).second) {
      return invalid("config field '" + std::string(field.name) + "' is declared twice");
    }
    if (field.type < VIGIL_SETTING_STRING || field.type > VIGIL_SETTING_PATH) {
      return invalid("config field '" + std::string(field.name) + "' has an unknown type " +
                     std::to_string(static_cast<int>(field.type)));
    }
    if (field.type == VIGIL_SETTING_PATH && d.abi_version < 4) {
      return invalid("config field '" + std::string(field.name) +
                     "': VIGIL_SETTING_PATH needs plugin ABI version 4");
    }
  }
  return Status::success();
}

Status check_detector(const vigil_plugin_descriptor& d) {
  if (d.detector == nullptr) return invalid("a detector plugin has no detector function table");
  if (d.detector->struct_size < sizeof(vigil_detector_api)) {
    return invalid("detector table struct_size " + std::to_string(d.detector->struct_size) +
                   " is smaller than " + std::to_string(sizeof(vigil_detector_api)));
  }
  if (d.detector->scan == nullptr) return invalid("detector table has no scan function");
  constexpr std::uint32_t kKnownMedia = VIGIL_MEDIA_IMAGE | VIGIL_MEDIA_VIDEO | VIGIL_MEDIA_BYTES;
  if ((d.media_types & kKnownMedia) == 0) {
    return invalid("a detector accepts no media type (media_types is 0)");
  }
  if ((d.media_types & ~kKnownMedia) != 0) {
    return invalid("media_types has unknown bits set (" + std::to_string(d.media_types) + ")");
  }
  if (d.abi_version < 3 && (d.media_types & VIGIL_MEDIA_BYTES) != 0) {
    return invalid("VIGIL_MEDIA_BYTES needs plugin ABI version 3");
  }
  if (d.signal_type_count == 0 || d.signal_types == nullptr) {
    return invalid("a detector declares no signal types");
  }
  for (std::size_t i = 0; i < d.signal_type_count; ++i) {
    if (!is_valid_name(d.signal_types[i])) {
      return invalid("signal type " + std::to_string(i) + " has an invalid name");
    }
  }
  return Status::success();
}

Status check_reporter(const vigil_plugin_descriptor& d) {
  if (d.reporter == nullptr) return invalid("a reporter plugin has no reporter function table");
  if (d.reporter->struct_size < sizeof(vigil_reporter_api)) {
    return invalid("reporter table struct_size " + std::to_string(d.reporter->struct_size) +
                   " is smaller than " + std::to_string(sizeof(vigil_reporter_api)));
  }
  if (d.reporter->deliver == nullptr) return invalid("reporter table has no deliver function");
  return Status::success();
}

}  // namespace

Status validate_plugin_descriptor(const vigil_plugin_descriptor& d) {
  if (d.id == nullptr || !is_valid_id(d.id)) {
    return invalid("invalid id (want lowercase reverse-DNS such as 'org.example.detector')");
  }
  if (d.version == nullptr || *d.version == '\0') return invalid("missing version");
  if (d.create == nullptr || d.destroy == nullptr) {
    return invalid("missing create or destroy function");
  }
  if (Status fields = check_config_fields(d); !fields.ok()) return fields;
  switch (d.kind) {
    case VIGIL_KIND_DETECTOR:
      return check_detector(d);
    case VIGIL_KIND_REPORTER:
      return check_reporter(d);
  }
  return invalid("unknown plugin kind " + std::to_string(static_cast<int>(d.kind)));
}

}  // namespace vigil
