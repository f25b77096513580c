#include "report_status_output.hpp"

#include <nlohmann/json.hpp>

namespace vigil::cli {
namespace {

std::string age_text(std::int64_t ms) {
  const std::int64_t seconds = ms / 1000;
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 7200) return std::to_string(seconds / 60) + " min";
  if (seconds < 172800) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

}  // namespace

void print_outbox_status(std::ostream& out, const OutboxStatus& status, bool json) {
  if (json) {
    nlohmann::json doc;
    doc["counts"] = nlohmann::json::object();
    for (std::size_t i = 0; i < kOutboxStateCount; ++i) {
      doc["counts"][std::string(to_string(static_cast<OutboxState>(i)))] = status.counts[i];
    }
    doc["oldest_pending_age_ms"] = status.oldest_pending_age_ms
                                       ? nlohmann::json(*status.oldest_pending_age_ms)
                                       : nlohmann::json(nullptr);
    doc["failed"] = nlohmann::json::array();
    for (const OutboxRow& row : status.failed) {
      doc["failed"].push_back({{"row_id", row.row_id},
                               {"case_id", row.case_id},
                               {"destination", row.destination},
                               {"code", row.error_code},
                               {"message", row.error_message},
                               {"attempts", row.attempts}});
    }
    out << doc.dump() << "\n";
    return;
  }
  for (std::size_t i = 0; i < kOutboxStateCount; ++i) {
    out << to_string(static_cast<OutboxState>(i)) << ": " << status.counts[i] << "\n";
  }
  out << "oldest pending: "
      << (status.oldest_pending_age_ms ? age_text(*status.oldest_pending_age_ms) : "none") << "\n";
  for (const OutboxRow& row : status.failed) {
    out << "FAILED row " << row.row_id << " case " << row.case_id << " -> " << row.destination
        << ": code " << row.error_code << ": " << row.error_message << "\n";
  }
}

}  // namespace vigil::cli
