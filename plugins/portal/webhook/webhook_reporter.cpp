#include "webhook/webhook_reporter.hpp"

#include <string>
#include <utility>

#include "reporters/report_json.hpp"

namespace vigil::portal {

webhook_reporter::webhook_reporter(const vigil::plugin::settings& settings,
                                   const vigil::plugin::host& /*host*/)
    : sender_(webhook_sender::from_settings(settings)) {}

vigil::plugin::delivery_receipt webhook_reporter::deliver(const vigil::plugin::delivery& request) {
  const auto report = parse_report(request.report_json());
  if (request.retract_requested()) return {vigil::plugin::delivery_result::retracted, ""};
  const std::string body(request.report_json());
  std::string remote_id =
      sender_.post(request, body, "report", string_member(report, "destination"));
  return {vigil::plugin::delivery_result::filed, std::move(remote_id)};
}

}  // namespace vigil::portal
