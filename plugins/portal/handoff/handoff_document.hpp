// The portal handoff document: what a person needs to report content at an external URL
// through a country reporting portal that has no API (IWF portals run with ICMEC, e.g.
// Argentina's). Vigil never posts to such a portal; it prepares this document and a person
// files it by hand, then marks the outbox row done (`vigil report done <row id>`).
//
//   {"schema": "vigil.portal_handoff/1", "kind": "portal_handoff",
//    "idempotency_key": .., "case_id": .., "destination": ..,
//    "portal": {"name": .., "url": ..}, "content_url": .., "category": ..,
//    "incident_time": .. (when the report has one), "reported_at": "<UTC>",
//    "row_hint": "mark done with: vigil report done <row id> (the outbox row of case ..)",
//    "instructions": "Open the portal ..., paste the URL, choose the category ..., submit,
//                     then run `vigil report done <row id>` ..."}
//
// Built from an allow-list: the uploader block, file names and locations, hashes, matches
// and additional_info of the report are never copied (a member of the public portal needs
// the URL and the category only, and the person handling it should not see more personal
// data than that).
//
// Pure function, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace vigil::portal {

struct portal_target {
  std::string name;      // e.g. "IWF reporting portal (Argentina)"
  std::string url;       // the portal's public form
  std::string category;  // what the person chooses in the form
};

// Builds the document. Throws vigil::plugin::permanent_failure(.., "no_content_url") when
// the report has no non-empty string "content_url".
nlohmann::ordered_json build_handoff_document(const nlohmann::ordered_json& report,
                                              const portal_target& portal,
                                              std::string_view idempotency_key,
                                              std::chrono::system_clock::time_point now);

}  // namespace vigil::portal
