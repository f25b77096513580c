#include "handoff/handoff_reporter.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <system_error>

#include "http/http_client.hpp"
#include "reporters/report_json.hpp"

namespace vigil::portal {
namespace {

using vigil::plugin::delivery_result;
using vigil::plugin::error;

std::string required(const vigil::plugin::settings& settings, const vigil_config_field& field) {
  std::string value = settings.get_string(field.name);
  if (value.empty()) {
    throw error(std::string("setting '") + field.name + "' is required for a portal handoff",
                VIGIL_ERROR_INVALID_ARGUMENT);
  }
  return value;
}

}  // namespace

handoff_reporter::handoff_reporter(const vigil::plugin::settings& settings,
                                   const vigil::plugin::host& /*host*/) {
  portal_.name = required(settings, handoff_fields::portal_name);
  portal_.url = required(settings, handoff_fields::portal_url);
  if (!url_allowed(portal_.url)) {
    throw error("setting 'portal_url' must be an https:// URL", VIGIL_ERROR_INVALID_ARGUMENT);
  }
  portal_.category =
      settings.get_string(handoff_fields::category.name, handoff_fields::category.default_value);
  if (portal_.category.empty()) {
    throw error("setting 'category' must not be empty", VIGIL_ERROR_INVALID_ARGUMENT);
  }
  const std::string via = required(settings, handoff_fields::via);
  if (via == "webhook") {
    webhook_.emplace(webhook_sender::from_settings(settings));
  } else if (via == "file") {
    file_.emplace(jsonl_appender::from_settings(settings));
  } else {
    throw error("setting 'via' must be \"webhook\" or \"file\"", VIGIL_ERROR_INVALID_ARGUMENT);
  }
}

vigil::plugin::delivery_receipt handoff_reporter::deliver(const vigil::plugin::delivery& request) {
  const auto report = parse_report(request.report_json());
  if (request.retract_requested()) return {delivery_result::retracted, ""};
  const std::string key(request.idempotency_key());
  const std::string destination = string_member(report, "destination");
  const std::string document =
      dump_line(build_handoff_document(report, portal_, key, std::chrono::system_clock::now()));

  if (webhook_) {
    return {delivery_result::handed_off, webhook_->post(request, document, "handoff", destination)};
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    const auto result = file_->append_once(key, document);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    request.audit(
        "file_append",
        dump_line(nlohmann::json{{"destination", destination},
                                 {"endpoint", "portal_handoff_file"},
                                 {"appended", result == jsonl_appender::append_result::appended},
                                 {"duration_ms", std::llround(took.count())}}));
  } catch (const std::system_error& e) {
    throw vigil::plugin::retry_later(e.what(), "io");
  }
  return {delivery_result::handed_off, ""};
}

}  // namespace vigil::portal
