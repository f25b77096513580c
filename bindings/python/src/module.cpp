// _vigil: the compiled core of the `vigil` Python package, one file per area:
//   hashing.cpp    PdqHash, pdq(), pdq_dihedral(), hash_file(), hash_bytes()
//   results.cpp    Signal, Match, ScanError, ScanResult, BankInfo, PluginInfo
//   engine.cpp     Engine, ScanIterator
//   banks.cpp      BankStore
//   reporting.cpp  ReportQueue, reported_file(), run_reports()
//   errors.cpp     the VigilError hierarchy
//   signatures.cpp inspect.signature() for all of the above
// and here the module-wide functions (plugins, logging, the outbox's state).
//
// Everything native runs with the GIL released, so Python threads scale. Errors from the
// SDK (a Status) become exceptions of the vigil.VigilError hierarchy carrying the stable
// ErrorCode string as `.code`. PDQ hashing of numpy arrays links the PDQ core directly
// (no engine, no plugin); everything else goes through libvigil's Engine.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstddef>
#include <optional>
#include <string>

#include "banks.hpp"
#include "engine.hpp"
#include "errors.hpp"
#include "hashing.hpp"
#include "reporting.hpp"
#include "results.hpp"
#include "signatures.hpp"
#include "vigil/logging.hpp"
#include "vigil/outbox.hpp"
#include "vigil/plugin_registry.hpp"
#include "vigil/version.hpp"

namespace py = pybind11;

namespace vigil::python {
namespace {

py::dict outbox_status(const std::optional<std::filesystem::path>& path) {
  Result<OutboxStatus> status = Status(ErrorCode::internal, "not read");
  {
    py::gil_scoped_release release;
    Result<std::string> where = path ? Result<std::string>(path->string()) : Outbox::default_path();
    if (!where.ok()) {
      status = where.status();
    } else if (auto outbox = Outbox::open(*where); !outbox.ok()) {
      status = outbox.status();
    } else {
      status = (*outbox)->status();
    }
  }
  if (!status.ok()) raise(status.status());
  py::dict counts;
  for (std::size_t i = 0; i < kOutboxStateCount; ++i) {
    counts[py::str(std::string(to_string(static_cast<OutboxState>(i))))] = status->counts[i];
  }
  py::list failed;
  for (const OutboxRow& row : status->failed) {
    py::dict item;
    item["row_id"] = row.row_id;
    item["case_id"] = row.case_id;
    item["destination"] = row.destination;
    item["error_code"] = row.error_code;
    item["error_message"] = row.error_message;
    failed.append(item);
  }
  py::dict out;
  out["counts"] = counts;
  out["oldest_pending_age_seconds"] =
      status->oldest_pending_age_ms
          ? py::object(py::float_(static_cast<double>(*status->oldest_pending_age_ms) / 1000))
          : py::object(py::none());
  out["failed"] = failed;
  return out;
}

void define_module_functions(py::module_& m) {
  m.def("outbox_status", &outbox_status, py::arg("path") = py::none(),
        "The report outbox's state: {'counts': {state: n}, 'oldest_pending_age_seconds', "
        "'failed': [{row_id, case_id, destination, error_code, error_message}]}. Default path: "
        "$VIGIL_OUTBOX, else $XDG_STATE_HOME/vigil/outbox.db, else "
        "~/.local/state/vigil/outbox.db.");
  m.def(
      "plugins",
      [] {
        py::gil_scoped_release release;
        return PluginRegistry::discover(PluginRegistry::default_search_path()).plugins();
      },
      "Plugins found on the default search path ($VIGIL_PLUGIN_PATH, then libvigil's own).");
  m.def(
      "configure_logging",
      [](const std::string& level, const std::string& format) {
        LogOptions options;
        auto parsed_level = log_level_from_string(level);
        auto parsed_format = log_format_from_string(format);
        if (!parsed_level || !parsed_format) {
          raise(Status(ErrorCode::invalid_argument,
                       "configure_logging: level must be trace, debug, info, warn, error or off "
                       "and format text or json"));
        }
        options.level = *parsed_level;
        options.format = *parsed_format;
        configure_logging(options);
      },
      py::arg("level") = "info", py::arg("format") = "text",
      "Sets libvigil's process-wide log level and format (logs go to stderr).");
  m.def("plugin_search_path", &PluginRegistry::default_search_path,
        "Where plugins are looked for: $VIGIL_PLUGIN_PATH, then libvigil's own directory.");
  m.def(
      "library_directory",
      [] { return PluginRegistry::installed_plugin_directory().parent_path().parent_path(); },
      "The directory holding the libvigil this module uses.");
}

}  // namespace
}  // namespace vigil::python

PYBIND11_MODULE(_vigil, m) {
  using namespace vigil::python;
  m.doc() = "Compiled core of the vigil package (see vigil/__init__.py and docs/python.md).";
  m.attr("__version__") = std::string(vigil::sdk_version());
  define_errors(m);
  define_hashing(m);
  define_results(m);
  define_engine(m);
  define_banks(m);
  define_reporting(m);
  define_module_functions(m);
  add_text_signatures(m);  // last: every function is defined
}
