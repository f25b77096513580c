// Test support for the CyberTipline XML tests: a complete sample report, and reading our
// own output back with pugixml (an independent parser) to check structure and values.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "cybertipline/report_xml.hpp"

namespace vigil::portal::cybertipline::testing {

// A "vigil.report/1" report with every field the writers know, all valid.
nlohmann::json full_report();
// Only what is required: case_id and incident.time.
nlohmann::json minimal_report();
ReportingPerson sample_person();

// Parses `xml` (throws std::runtime_error when it is not well-formed) keeping everything
// exactly as written (no whitespace text dropped, no end-of-line tricks beyond XML's own).
std::unique_ptr<pugi::xml_document> parse(const std::string& xml);

// Names of the element children of `node`, in document order.
std::vector<std::string> child_names(const pugi::xml_node& node);

// True when `names` follows `schema_order`: every name appears in it and their positions
// never go backwards (repeated 0..n elements allowed).
bool follows_schema_order(const std::vector<std::string>& names,
                          const std::vector<std::string>& schema_order);

// The text of the element at `path` ("incidentSummary/platform") under `root`.
std::string text_at(const pugi::xml_node& root, const char* path);

// Schema orders from docs/cybertipline.md.
const std::vector<std::string>& report_order();
const std::vector<std::string>& incident_summary_order();
const std::vector<std::string>& reporter_order();
const std::vector<std::string>& person_or_user_reported_order();
const std::vector<std::string>& ip_capture_event_order();
const std::vector<std::string>& file_details_order();

}  // namespace vigil::portal::cybertipline::testing
