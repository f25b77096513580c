// Builds the byte image (see index_image.hpp) of an index over a bank of hashes.
#pragma once

#include <span>

#include "image_buffer.hpp"
#include "pdq_index.hpp"

namespace vigil::index {

// Precondition: hashes.size() <= 2^32 - 1; substrings is 0 or in
// [kMinSubstrings, kMaxSubstrings]. O(entries * substrings + 2^width * substrings).
ImageBuffer build_image(std::span<const Pdq256> hashes, int substrings);

}  // namespace vigil::index
