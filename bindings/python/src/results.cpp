#include "results.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hashing.hpp"
#include "vigil/bank.hpp"
#include "vigil/plugin_registry.hpp"
#include "vigil/verdict.hpp"

namespace vigil::python {
namespace {

std::string verdict_string(Verdict verdict) { return std::string(to_string(verdict)); }

py::tuple signal_state(const Signal& s) {
  return py::make_tuple(s.type, s.value, s.quality, s.attributes);
}
Signal signal_from_state(const py::tuple& t) {
  return Signal{t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::optional<int>>(),
                t[3].cast<std::map<std::string, std::string>>()};
}

py::tuple match_state(const Match& m) {
  return py::make_tuple(m.bank, m.bank_version, m.entry_id, m.signal_type, m.value, m.distance,
                        m.variant, m.acted_on);
}
Match match_from_state(const py::tuple& t) {
  Match m;
  m.bank = t[0].cast<std::string>();
  m.bank_version = t[1].cast<std::string>();
  m.entry_id = t[2].cast<std::string>();
  m.signal_type = t[3].cast<std::string>();
  m.value = t[4].cast<std::string>();
  m.distance = t[5].cast<int>();
  m.variant = t[6].cast<std::string>();
  if (t.size() > 7) m.acted_on = t[7].cast<bool>();  // pickled before acted_on: false
  return m;
}

py::tuple scan_error_state(const ScanError& e) {
  return py::make_tuple(e.detector, std::string(to_string(e.code)), e.message);
}
ScanError scan_error_from_state(const py::tuple& t) {
  return ScanError{t[0].cast<std::string>(),
                   error_code_from_string(t[1].cast<std::string>()).value_or(ErrorCode::internal),
                   t[2].cast<std::string>()};
}

py::tuple scan_result_state(const PyScanResult& r) {
  return py::make_tuple(verdict_string(r.verdict), r.matches, r.signals, r.signal_sources,
                        r.report_to, r.errors, r.media_type, r.path);
}
PyScanResult scan_result_from_state(const py::tuple& t) {
  PyScanResult r;
  r.verdict = verdict_from_string(t[0].cast<std::string>()).value_or(Verdict::allow);
  r.matches = t[1].cast<std::vector<Match>>();
  r.signals = t[2].cast<std::vector<Signal>>();
  r.signal_sources = t[3].cast<std::vector<std::string>>();
  r.report_to = t[4].cast<std::vector<std::string>>();
  r.errors = t[5].cast<std::vector<ScanError>>();
  r.media_type = t[6].cast<std::string>();
  if (t.size() > 7) r.path = t[7];  // pickled before ScanResult.path: None
  return r;
}

}  // namespace

void define_results(py::module_& m) {
  py::class_<Signal>(m, "Signal", "One fingerprint of one upload, with an explicit type.")
      .def(py::init([](std::string type, std::string value, std::optional<int> quality) {
             return Signal{std::move(type), std::move(value), quality, {}};
           }),
           py::arg("type"), py::arg("value"), py::arg("quality") = py::none())
      .def_readonly("type", &Signal::type)
      .def_readonly("value", &Signal::value)
      .def_readonly("quality", &Signal::quality)
      .def_readonly("attributes", &Signal::attributes, "Dihedral variants for pdq, by name.")
      .def("__eq__", [](const Signal& a, const Signal& b) { return a == b; })
      .def("__repr__",
           [](const Signal& s) { return "Signal(type='" + s.type + "', value='" + s.value + "')"; })
      .def(py::pickle(&signal_state, &signal_from_state));

  py::class_<Match>(m, "Match", "One signal of an upload found in one bank version.")
      .def_readonly("bank", &Match::bank)
      .def_readonly("bank_version", &Match::bank_version)
      .def_readonly("entry_id", &Match::entry_id)
      .def_readonly("signal_type", &Match::signal_type)
      .def_readonly("value", &Match::value)
      .def_readonly("distance", &Match::distance)
      .def_readonly("variant", &Match::variant)
      .def_readonly("acted_on", &Match::acted_on,
                    "True when a rule fired on this match (or the engine has no rules); a "
                    "match no rule acted on is reported but does not count towards the verdict.")
      .def("__eq__", [](const Match& a, const Match& b) { return a == b; })
      .def("__repr__",
           [](const Match& x) {
             return "Match(bank='" + x.bank + "', bank_version='" + x.bank_version +
                    "', entry_id='" + x.entry_id + "', signal_type='" + x.signal_type +
                    "', distance=" + std::to_string(x.distance) + ", variant='" + x.variant +
                    "', acted_on=" + (x.acted_on ? "True" : "False") + ")";
           })
      .def(py::pickle(&match_state, &match_from_state));

  py::class_<ScanError>(m, "ScanError",
                        "Why part of an upload could not be checked: detector is a plugin id, "
                        "or 'decode' when the upload did not decode (byte hashes still ran).")
      .def_readonly("detector", &ScanError::detector)
      .def_property_readonly(
          "code", [](const ScanError& e) { return std::string(to_string(e.code)); },
          "The stable error code, e.g. 'truncated', 'unsupported_format', 'detector_failed'.")
      .def_readonly("message", &ScanError::message)
      .def("__eq__", [](const ScanError& a, const ScanError& b) { return a == b; })
      .def("__repr__",
           [](const ScanError& e) {
             return "ScanError(detector='" + e.detector + "', code='" +
                    std::string(to_string(e.code)) + "')";
           })
      .def(py::pickle(&scan_error_state, &scan_error_from_state));

  py::class_<PyScanResult>(m, "ScanResult", "What one scan found out about one upload.")
      .def_readonly("path", &PyScanResult::path,
                    "The input this result describes: the path given (as given), the `path` "
                    "passed with bytes or pixels, or None.")
      .def_property_readonly(
          "verdict", [](const PyScanResult& r) { return verdict_string(r.verdict); },
          "'allow', 'review' or 'block'.")
      .def_readonly("matches", &ScanResult::matches)
      .def_readonly("signals", &ScanResult::signals)
      .def_readonly("signal_sources", &ScanResult::signal_sources)
      .def_readonly("report_to", &ScanResult::report_to)
      .def_readonly("errors", &ScanResult::errors,
                    "What could not be checked (list of ScanError); the matches still stand.")
      .def_readonly("media_type", &ScanResult::media_type,
                    "MIME type from the content's magic bytes ('' for pixels or signals).")
      .def_property_readonly(
          "checked_completely", [](const PyScanResult& r) { return r.checked_completely(); },
          "True when the upload decoded (if needed) and every detector ran.")
      .def_property_readonly(
          "hashes", [](const PyScanResult& r) { return signals_to_dict(r.signals); },
          "{type: value} (pdq as PdqHash; dihedral variants under 'pdq_dihedral').")
      .def("__eq__",
           [](const PyScanResult& a, const PyScanResult& b) {
             return static_cast<const ScanResult&>(a) == static_cast<const ScanResult&>(b) &&
                    a.path.equal(b.path);
           })
      // No path: a file name may be personal data, and reprs end up in logs.
      .def("__repr__",
           [](const PyScanResult& r) {
             return "ScanResult(verdict='" + verdict_string(r.verdict) +
                    "', matches=" + std::to_string(r.matches.size()) +
                    ", signals=" + std::to_string(r.signals.size()) +
                    ", errors=" + std::to_string(r.errors.size()) + ")";
           })
      .def(py::pickle(&scan_result_state, &scan_result_from_state));

  py::class_<BankInfo>(m, "BankInfo", "One version of a named bank.")
      .def_readonly("name", &BankInfo::name)
      .def_readonly("version", &BankInfo::version)
      .def_readonly("source", &BankInfo::source)
      .def_readonly("created_time", &BankInfo::created_time)
      .def_readonly("checksum", &BankInfo::checksum)
      .def_readonly("counts", &BankInfo::counts)
      .def_readonly("entry_count", &BankInfo::entry_count)
      .def_readonly("path", &BankInfo::path)
      .def("__repr__", [](const BankInfo& b) {
        return "BankInfo(name='" + b.name + "', version=" + std::to_string(b.version) +
               ", entry_count=" + std::to_string(b.entry_count) + ")";
      });

  py::class_<PluginInfo>(m, "PluginInfo", "What a loaded plugin says about itself.")
      .def_readonly("id", &PluginInfo::id)
      .def_readonly("version", &PluginInfo::version)
      .def_readonly("description", &PluginInfo::description)
      .def_property_readonly("kind",
                             [](const PluginInfo& p) { return std::string(to_string(p.kind)); })
      .def_readonly("media_types", &PluginInfo::media_types)
      .def_readonly("signal_types", &PluginInfo::signal_types)
      .def_readonly("path", &PluginInfo::path)
      .def("__repr__", [](const PluginInfo& p) {
        return "PluginInfo(id='" + p.id + "', version='" + p.version + "')";
      });
}

}  // namespace vigil::python
