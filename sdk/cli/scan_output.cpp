#include "scan_output.hpp"

#include <algorithm>

namespace vigil::cli {

const char* const kDihedralOrder[8] = {"orig",  "rot90", "rot180",    "rot270",
                                       "flipx", "flipy", "flipplus1", "flipminus1"};

bool is_dihedral_name(const std::string& name) {
  return std::any_of(std::begin(kDihedralOrder), std::end(kDihedralOrder),
                     [&](const char* known) { return name == known; });
}

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

nlohmann::ordered_json match_json(const Match& match) {
  nlohmann::ordered_json out = {{"bank", match.bank},         {"bank_version", match.bank_version},
                                {"entry_id", match.entry_id}, {"signal_type", match.signal_type},
                                {"value", match.value},       {"distance", match.distance}};
  if (!match.variant.empty()) out["variant"] = match.variant;
  return out;
}

}  // namespace

nlohmann::ordered_json signal_to_json(const Signal& signal, const std::string& detector) {
  nlohmann::ordered_json entry = nlohmann::ordered_json::object();
  if (!detector.empty()) entry["detector"] = detector;
  entry["type"] = signal.type;
  entry["value"] = signal.value;
  if (signal.quality) entry["quality"] = *signal.quality;
  if (signal.attributes.empty()) return entry;
  // The hashing plugin's pdq attributes are the dihedral variants.
  if (signal.type == "pdq") {
    entry["dihedral"] = dihedral_json(signal);
  } else {
    entry["attributes"] = signal.attributes;
  }
  return entry;
}

nlohmann::ordered_json signals_to_json(const ScanResult& result, bool with_detectors) {
  nlohmann::ordered_json signals = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < result.signals.size(); ++i) {
    const bool known = with_detectors && i < result.signal_sources.size();
    signals.push_back(
        signal_to_json(result.signals[i], known ? result.signal_sources[i] : std::string()));
  }
  return signals;
}

nlohmann::ordered_json result_to_json(const std::string& path, const Result<ScanResult>& result,
                                      bool with_verdict, bool with_detectors) {
  if (!result.ok()) {
    return nlohmann::ordered_json{
        {"path", path},
        {"error",
         {{"code", to_string(result.status().code())}, {"message", result.status().message()}}}};
  }
  nlohmann::ordered_json out = {{"path", path}};
  if (with_verdict) out["verdict"] = to_string(result->verdict);
  if (!result->media_type.empty()) out["media_type"] = result->media_type;
  out["signals"] = signals_to_json(*result, with_detectors);
  if (!result->errors.empty()) out["errors"] = errors_json(result->errors);
  return out;
}

nlohmann::ordered_json verdict_to_json(const std::string& path, const Result<ScanResult>& result,
                                       bool with_signals) {
  if (!result.ok()) return result_to_json(path, result, false);
  nlohmann::ordered_json matches = nlohmann::ordered_json::array();
  nlohmann::ordered_json filtered = nlohmann::ordered_json::array();
  for (const Match& match : result->matches) {
    (match.acted_on ? matches : filtered).push_back(match_json(match));
  }
  nlohmann::ordered_json out = {{"path", path}, {"verdict", to_string(result->verdict)}};
  if (!result->media_type.empty()) out["media_type"] = result->media_type;
  out["matches"] = std::move(matches);
  if (!filtered.empty()) out["filtered_matches"] = std::move(filtered);
  if (!result->report_to.empty()) out["report_to"] = result->report_to;
  if (!result->errors.empty()) out["errors"] = errors_json(result->errors);
  if (with_signals) out["signals"] = signals_to_json(*result, true);
  return out;
}

std::string match_text(const Match& match) {
  std::string text = match.bank + "@" + match.bank_version + " " + match.entry_id + " " +
                     match.signal_type + " distance " + std::to_string(match.distance);
  if (!match.variant.empty()) text += " (" + match.variant + ")";
  return text;
}

std::string signal_text(const Signal& signal, const std::string& detector,
                        const std::string& indent) {
  std::string text = indent + "signal " + (detector.empty() ? "" : detector + " ") + signal.type +
                     " " + signal.value;
  if (signal.quality) text += "  quality " + std::to_string(*signal.quality);
  text += "\n";
  std::size_t width = 0;
  for (const auto& entry : signal.attributes) width = std::max(width, entry.first.size());
  auto line = [&](const std::string& name, const std::string& value) {
    text += indent + "  " + name + std::string(width - name.size() + 1, ' ') + value + "\n";
  };
  for (const char* name : kDihedralOrder) {
    auto it = signal.attributes.find(name);
    if (it != signal.attributes.end()) line(it->first, it->second);
  }
  for (const auto& [name, value] : signal.attributes) {
    if (!is_dihedral_name(name)) line(name, value);
  }
  return text;
}

const Signal* find_signal(const ScanResult& result, const std::string& type) {
  for (const Signal& signal : result.signals) {
    if (signal.type == type) return &signal;
  }
  return nullptr;
}

}  // namespace vigil::cli
