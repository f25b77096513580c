#include "handoff/handoff_document.hpp"

#include <vigil/plugin.hpp>

#include "reporters/report_json.hpp"
#include "reporters/utc_time.hpp"

namespace vigil::portal {

nlohmann::ordered_json build_handoff_document(const nlohmann::ordered_json& report,
                                              const portal_target& portal,
                                              std::string_view idempotency_key,
                                              std::chrono::system_clock::time_point now) {
  const std::string content_url = string_member(report, "content_url");
  if (content_url.empty()) {
    throw vigil::plugin::permanent_failure(
        "a portal handoff needs the report's content_url (the content must be at a public URL)",
        "no_content_url");
  }
  const std::string case_id = string_member(report, "case_id");
  const std::string destination = string_member(report, "destination");
  const std::string row = "the outbox row of case " + case_id + ", destination " + destination;

  nlohmann::ordered_json document = {
      {"schema", "vigil.portal_handoff/1"},
      {"kind", "portal_handoff"},
      {"idempotency_key", idempotency_key},
      {"case_id", case_id},
      {"destination", destination},
      {"portal", {{"name", portal.name}, {"url", portal.url}}},
      {"content_url", content_url},
      {"category", portal.category},
  };
  if (auto it = report.find("incident"); it != report.end()) {
    if (std::string time = string_member(*it, "time"); !time.empty()) {
      document["incident_time"] = time;
    }
  }
  document["reported_at"] = utc_timestamp(now);
  document["row_hint"] = "mark done with: vigil report done <row id> (" + row + ")";
  document["instructions"] = "Open the portal " + portal.url +
                             ", paste the content URL, choose "
                             "the category \"" +
                             portal.category +
                             "\", submit the form, then run `vigil report done <row id>` for " +
                             row + ".";
  return document;
}

}  // namespace vigil::portal
