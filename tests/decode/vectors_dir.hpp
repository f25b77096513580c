// Where the shared conformance vectors live: $VIGIL_VECTORS_DIR, else the directory the
// build configured (VIGIL_DECODE_TEST_VECTORS_DIR). The files are read in place, never
// copied into the repository.
#pragma once

#include <filesystem>
#include <optional>

namespace vigil::decode_test {

// The vectors directory if it exists (it must contain pdq/images), else nullopt.
std::optional<std::filesystem::path> vectors_dir();

}  // namespace vigil::decode_test
