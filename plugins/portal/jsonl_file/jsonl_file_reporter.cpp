#include "jsonl_file/jsonl_file_reporter.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <system_error>

#include "reporters/report_json.hpp"
#include "reporters/utc_time.hpp"

namespace vigil::portal {

using vigil::plugin::delivery_result;

jsonl_file_reporter::jsonl_file_reporter(const vigil::plugin::settings& settings,
                                         const vigil::plugin::host& /*host*/)
    : appender_(jsonl_appender::from_settings(settings)) {}

vigil::plugin::delivery_receipt jsonl_file_reporter::deliver(
    const vigil::plugin::delivery& request) {
  auto report = parse_report(request.report_json());
  const std::string key(request.idempotency_key());
  const std::string destination = string_member(report, "destination");
  const auto start = std::chrono::steady_clock::now();
  try {
    if (request.retract_requested()) {
      return {appender_.contains(key) ? delivery_result::filed : delivery_result::retracted, ""};
    }
    nlohmann::ordered_json line = {
        {"idempotency_key", key},
        {"case_id", report.contains("case_id") ? report["case_id"] : nlohmann::ordered_json()},
        {"destination", destination},
        {"delivered_at", utc_timestamp(std::chrono::system_clock::now())},
    };
    line["report"] = std::move(report);
    const auto result = appender_.append_once(key, dump_line(line));
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    nlohmann::json audit = {{"destination", destination},
                            {"endpoint", "jsonl_file"},
                            {"appended", result == jsonl_appender::append_result::appended},
                            {"duration_ms", std::llround(took.count())}};
    request.audit("file_append", dump_line(audit));
  } catch (const std::system_error& e) {
    throw vigil::plugin::retry_later(e.what(), "io");
  }
  return {delivery_result::filed, ""};
}

}  // namespace vigil::portal
