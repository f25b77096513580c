// What scans return, as Python sees it: Signal, Match, ScanError, ScanResult, BankInfo and
// PluginInfo (plain values that compare, print and pickle).
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <utility>

#include "vigil/scan_result.hpp"

namespace vigil::python {

namespace py = pybind11;

// vigil.ScanResult: the SDK's result and the input it describes (`path`: the path scanned,
// the identifier the caller gave, or None). Created, copied and destroyed with the GIL held.
struct PyScanResult : ScanResult {
  PyScanResult() = default;
  PyScanResult(ScanResult result, py::object input)
      : ScanResult(std::move(result)), path(std::move(input)) {}

  py::object path = py::none();
};

void define_results(py::module_& m);

}  // namespace vigil::python
