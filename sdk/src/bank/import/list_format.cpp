// ListFormat names: see vigil/list_import.hpp.
#include <array>
#include <utility>

#include "vigil/list_import.hpp"

namespace vigil {
namespace {

constexpr std::array<std::pair<ListFormat, std::string_view>, 7> kNames{{
    {ListFormat::lines, "lines"},
    {ListFormat::signal_csv, "signal-csv"},
    {ListFormat::mapped_csv, "mapped-csv"},
    {ListFormat::mapped_json, "mapped-json"},
    {ListFormat::ncmec_xml, "ncmec-xml"},
    {ListFormat::te_json, "te-json"},
    {ListFormat::stopncii_json, "stopncii-json"},
}};

}  // namespace

std::optional<ListFormat> list_format_from_string(std::string_view name) noexcept {
  for (const auto& [format, text] : kNames) {
    if (text == name) return format;
  }
  return std::nullopt;
}

std::string_view to_string(ListFormat format) noexcept {
  for (const auto& [value, text] : kNames) {
    if (value == format) return text;
  }
  return "unknown";
}

bool is_feed_format(ListFormat format) noexcept {
  return format == ListFormat::ncmec_xml || format == ListFormat::te_json ||
         format == ListFormat::stopncii_json;
}

}  // namespace vigil
