// Errors for the Python module: every SDK Status becomes an exception of the
// vigil.VigilError hierarchy, carrying the stable ErrorCode name as `.code` (and, for a
// failed scan, the input as `.path`; None otherwise).
// define_errors() registers the classes once; raise()/check()/unwrap() need the GIL.
#pragma once

#include <pybind11/pybind11.h>

#include <utility>

#include "vigil/status.hpp"

namespace vigil::python {

namespace py = pybind11;

// Registers VigilError and its subclasses on the module.
void define_errors(py::module_& m);

// The exception object for a failed Status. `path` (default None) becomes its `.path`: the
// input a failed scan was given, so a caller need not zip errors with inputs.
py::object make_error(const Status& status, const py::object& path = py::none());

// Raises the exception for a failed Status.
[[noreturn]] void raise(const Status& status, const py::object& path = py::none());

inline void check(const Status& status) {
  if (!status.ok()) raise(status);
}

template <typename T>
T unwrap(Result<T> result) {
  if (!result.ok()) raise(result.status());
  return std::move(result).value();
}

}  // namespace vigil::python
