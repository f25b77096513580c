// vigil.Engine (scan, scan_many, match, reload_banks) and vigil.ScanIterator: libvigil's
// Engine from Python, every scan with the GIL released.
#pragma once

#include <pybind11/pybind11.h>

namespace vigil::python {

void define_engine(pybind11::module_& m);

}  // namespace vigil::python
