#include "vigil/version.hpp"

#include "vigil/plugin_abi.h"

#ifndef VIGIL_VERSION_STRING
#error "the build defines VIGIL_VERSION_STRING"
#endif

namespace vigil {

std::string_view sdk_version() noexcept { return VIGIL_VERSION_STRING; }
unsigned plugin_abi_version() noexcept { return VIGIL_PLUGIN_ABI_VERSION; }

}  // namespace vigil
