#include "scan_output.hpp"

namespace vigil::cli {

const char* const kDihedralOrder[8] = {"orig",  "rot90", "rot180",    "rot270",
                                       "flipx", "flipy", "flipplus1", "flipminus1"};

namespace {

nlohmann::ordered_json dihedral_json(const Signal& signal) {
  nlohmann::ordered_json variants = nlohmann::ordered_json::object();
  for (const char* name : kDihedralOrder) {
    auto it = signal.attributes.find(name);
    if (it != signal.attributes.end()) variants[name] = it->second;
  }
  return variants;
}

// [{"detector", "code", "message"}...] for what could not be checked.
nlohmann::ordered_json errors_json(const std::vector<ScanError>& errors) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const ScanError& error : errors) {
    out.push_back({{"detector", error.detector},
                   {"code", to_string(error.code)},
                   {"message", error.message}});
  }
  return out;
}

}  // namespace

nlohmann::ordered_json result_to_json(const std::string& path, const Result<ScanResult>& result,
                                      bool with_verdict) {
  if (!result.ok()) {
    return nlohmann::ordered_json{
        {"path", path},
        {"error",
         {{"code", to_string(result.status().code())}, {"message", result.status().message()}}}};
  }
  nlohmann::ordered_json signals = nlohmann::ordered_json::array();
  for (const Signal& signal : result->signals) {
    nlohmann::ordered_json entry = {{"type", signal.type}, {"value", signal.value}};
    if (signal.quality) entry["quality"] = *signal.quality;
    // The hashing plugin's only attributes are the dihedral PDQ variants.
    if (signal.type == "pdq" && !signal.attributes.empty())
      entry["dihedral"] = dihedral_json(signal);
    signals.push_back(std::move(entry));
  }
  nlohmann::ordered_json out = {{"path", path}};
  if (with_verdict) out["verdict"] = to_string(result->verdict);
  if (!result->media_type.empty()) out["media_type"] = result->media_type;
  out["signals"] = std::move(signals);
  if (!result->errors.empty()) out["errors"] = errors_json(result->errors);
  return out;
}

nlohmann::ordered_json verdict_to_json(const std::string& path, const Result<ScanResult>& result) {
  if (!result.ok()) return result_to_json(path, result, false);
  nlohmann::ordered_json matches = nlohmann::ordered_json::array();
  for (const Match& match : result->matches) {
    matches.push_back({{"bank", match.bank},
                       {"bank_version", match.bank_version},
                       {"entry_id", match.entry_id},
                       {"signal_type", match.signal_type},
                       {"value", match.value},
                       {"distance", match.distance},
                       {"variant", match.variant}});
  }
  nlohmann::ordered_json out = {{"path", path}, {"verdict", to_string(result->verdict)}};
  if (!result->media_type.empty()) out["media_type"] = result->media_type;
  out["matches"] = std::move(matches);
  if (!result->report_to.empty()) out["report_to"] = result->report_to;
  if (!result->errors.empty()) out["errors"] = errors_json(result->errors);
  return out;
}

const Signal* find_signal(const ScanResult& result, const std::string& type) {
  for (const Signal& signal : result.signals) {
    if (signal.type == type) return &signal;
  }
  return nullptr;
}

}  // namespace vigil::cli
