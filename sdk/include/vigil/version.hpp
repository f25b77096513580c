// The SDK's own version, and the plugin ABI version it speaks.
#pragma once

#include <string_view>

#include "vigil/export.hpp"

namespace vigil {

// Semantic version of libvigil, e.g. "0.1.0".
VIGIL_API std::string_view sdk_version() noexcept;
// VIGIL_PLUGIN_ABI_VERSION of the plugin_abi.h this library was built with.
VIGIL_API unsigned plugin_abi_version() noexcept;

}  // namespace vigil
