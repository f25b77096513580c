// inspect.signature() for the compiled module.
//
// pybind11 2.10 starts each function's docstring with its typed signature,
// "name(a: T, b: U = default) -> R", which CPython does not read as a signature: it wants
// "name(a, b=default)\n--\n\n" (that line becomes __text_signature__, which inspect reads).
// add_text_signatures() runs once, after everything is defined, and gives every function
// and method of the module (and every class with a constructor, from its __init__) that
// first line; pybind11's typed line stays as the first line of __doc__. Overloaded
// functions get "(*args, **kwargs)", as pybind11 itself writes them.
#pragma once

#include <pybind11/pybind11.h>

namespace vigil::python {

void add_text_signatures(pybind11::module_& m);

}  // namespace vigil::python
