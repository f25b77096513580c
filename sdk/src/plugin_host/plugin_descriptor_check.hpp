// Checks what a plugin's descriptor promises before the host relies on any of it.
#pragma once

#include "vigil/plugin_abi.h"
#include "vigil/status.hpp"

namespace vigil {

// Checks a descriptor's contents (not its ABI version and size, which the registry checks
// first). Returns the first problem found (plugin_error), or ok.
Status validate_plugin_descriptor(const vigil_plugin_descriptor& descriptor);

}  // namespace vigil
