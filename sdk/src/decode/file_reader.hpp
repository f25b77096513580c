// Reads a whole file into memory, refusing it before reading when it is over a size limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "vigil/status.hpp"

namespace vigil::decode {

// Errors: invalid_argument (empty path, a directory or another non-regular file),
// not_found (no such file), empty_input (zero bytes), too_large (over max_bytes, checked
// from the file size before reading), io_error (permission denied, a read failure, or the
// file changed size while being read). Messages never include the path.
Result<std::vector<std::uint8_t>> read_file_bounded(const std::filesystem::path& path,
                                                    std::size_t max_bytes);

}  // namespace vigil::decode
