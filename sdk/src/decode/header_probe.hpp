// Identifies the format and reads the declared dimensions and orientation, for any
// supported format, without decoding pixels.
#pragma once

#include <cstdint>
#include <span>

#include "format_sniffer.hpp"
#include "header_info.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

struct ProbedHeader {
  ImageFormat format = ImageFormat::unknown;
  HeaderInfo info;
};

// Errors: empty_input for zero bytes, unsupported_format when no signature matches, and
// whatever the format's header parser reports (truncated, decode_failed, ...). Zero
// dimensions are returned as they are: the caller decides (see check_dimensions).
Result<ProbedHeader> probe_header(std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
