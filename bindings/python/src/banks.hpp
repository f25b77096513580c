// vigil.BankStore: import hash lists (`vigil bank import`), hash media into a bank
// (`vigil bank add`), and look at the versions in service.
#pragma once

#include <pybind11/pybind11.h>

namespace vigil::python {

void define_banks(pybind11::module_& m);

}  // namespace vigil::python
