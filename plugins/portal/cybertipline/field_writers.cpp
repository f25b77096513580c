#include "cybertipline/field_writers.hpp"

#include <algorithm>
#include <vector>

#include "cybertipline/errors.hpp"
#include "cybertipline/xs_datetime.hpp"

namespace vigil::portal::cybertipline {

std::string field_label(std::string_view json_path, std::string_view xml_name) {
  return std::string(json_path) + " (" + std::string(xml_name) + ")";
}

void require_one_of(std::string_view value, std::span<const std::string_view> allowed,
                    std::string_view label) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string message = std::string(label) + ": must be one of: ";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) message += ", ";
    message += allowed[i];
  }
  throw validation_error(message);
}

void write_text_member(xml_writer& out, const field_reader& fields, std::string_view key,
                       std::string_view xml_name, std::size_t max_chars) {
  const auto text = fields.string(key);
  if (!text) return;
  field_limits::check_length(*text, max_chars, field_label(fields.path_of(key), xml_name));
  out.text_element(xml_name, *text);
}

void write_bool_member(xml_writer& out, const field_reader& fields, std::string_view key,
                       std::string_view xml_name) {
  if (const auto flag = fields.boolean(key)) out.text_element(xml_name, *flag ? "true" : "false");
}

void write_datetime_member(xml_writer& out, const field_reader& fields, std::string_view key,
                           std::string_view xml_name, bool required) {
  const auto text = fields.string(key);
  const std::string label = field_label(fields.path_of(key), xml_name);
  if (!text) {
    if (required) throw validation_error(label + ": is required");
    return;
  }
  if (!is_xs_datetime(*text)) {
    throw validation_error(label +
                           ": must be an xs:dateTime YYYY-MM-DDThh:mm:ss[.fff] with Z or "
                           "+hh:mm/-hh:mm");
  }
  out.text_element(xml_name, *text);
}

void write_enum_member(xml_writer& out, const field_reader& fields, std::string_view key,
                       std::string_view xml_name, std::span<const std::string_view> allowed) {
  const auto text = fields.string(key);
  if (!text) return;
  require_one_of(*text, allowed, field_label(fields.path_of(key), xml_name));
  out.text_element(xml_name, *text);
}

void write_flags_member(xml_writer& out, const field_reader& fields, std::string_view key,
                        std::string_view container, std::span<const std::string_view> allowed) {
  const nlohmann::json* flags = fields.array(key);
  if (flags == nullptr || flags->empty()) return;
  std::vector<bool> present(allowed.size(), false);
  for (std::size_t i = 0; i < flags->size(); ++i) {
    const std::string label =
        field_label(fields.path_of(key) + "[" + std::to_string(i) + "]", container);
    const nlohmann::json& flag = (*flags)[i];
    if (!flag.is_string()) throw validation_error(label + ": must be a string");
    const std::string& name = flag.get_ref<const std::string&>();
    require_one_of(name, allowed, label);
    const auto at = std::find(allowed.begin(), allowed.end(), name);
    present[static_cast<std::size_t>(at - allowed.begin())] = true;
  }
  out.open(container);
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (present[i]) out.empty_element(allowed[i]);
  }
  out.close();
}

}  // namespace vigil::portal::cybertipline
