#include "reporters/report_json.hpp"

#include <vigil/plugin.hpp>

namespace vigil::portal {

nlohmann::ordered_json parse_report(std::string_view report_json) {
  auto report = nlohmann::ordered_json::parse(report_json, nullptr, /*allow_exceptions=*/false);
  if (!report.is_object()) {
    throw vigil::plugin::permanent_failure("the report is not a JSON object", "invalid_report");
  }
  return report;
}

std::string string_member(const nlohmann::ordered_json& object, std::string_view key) {
  if (!object.is_object()) return {};
  auto it = object.find(std::string(key));
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::string dump_line(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string dump_line(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vigil::portal
