// Reporting from Python: ReportQueue (enqueue a case, durably), reported_file() (a file
// entry from a ScanResult) and run_reports() (what `vigil report run` does).
#pragma once

#include <pybind11/pybind11.h>

namespace vigil::python {

void define_reporting(pybind11::module_& m);

}  // namespace vigil::python
