// Checks declared image dimensions against DecodeLimits before anything is allocated.
#pragma once

#include <cstdint>
#include <string_view>

#include "vigil/decode.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// empty_input when either side is zero; too_large when a side exceeds max_dimension or
// width * height exceeds max_pixels. `what` names the thing measured in the message,
// e.g. "png image" or "gif first frame".
Status check_dimensions(std::uint32_t width, std::uint32_t height, const DecodeLimits& limits,
                        std::string_view what);

}  // namespace vigil::decode
