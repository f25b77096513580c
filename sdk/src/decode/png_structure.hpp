// PNG: the IHDR header, the eXIf chunk and the completeness check (IEND present).
#pragma once

#include <cstdint>
#include <span>

#include "header_info.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// Dimensions from IHDR; orientation from an eXIf chunk if one is found before the data ends.
Result<HeaderInfo> read_png_header(std::span<const std::uint8_t> bytes);

// Ok when every chunk up to IEND lies inside the data; truncated otherwise. Trailing bytes
// after IEND are ignored. Chunk CRCs are left to libpng.
Status check_png_complete(std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
