// TIFF: dimensions and orientation from IFD0, and the completeness check (every strip or
// tile of the first image lies inside the data).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "header_info.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

Result<HeaderInfo> read_tiff_header(std::span<const std::uint8_t> bytes);

Status check_tiff_complete(std::span<const std::uint8_t> bytes);

// OpenCV 4.6 applies a TIFF's Orientation tag itself, whatever the imread flags (it
// flips, and transposes for 5..8). Vigil records orientation but never applies it, so
// when IFD0 carries an Orientation other than 1 this returns a copy of `bytes` with the
// tag's value rewritten to 1, to be decoded instead. nullopt when no rewrite is needed.
std::optional<std::vector<std::uint8_t>> tiff_with_orientation_neutralised(
    std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
