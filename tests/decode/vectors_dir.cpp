#include "vectors_dir.hpp"

#include <cstdlib>
#include <system_error>

namespace vigil::decode_test {

std::optional<std::filesystem::path> vectors_dir() {
  std::filesystem::path dir;
  if (const char* env = std::getenv("VIGIL_VECTORS_DIR"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = VIGIL_DECODE_TEST_VECTORS_DIR;
  }
  std::error_code error;
  if (!std::filesystem::is_directory(dir / "pdq" / "images", error)) return std::nullopt;
  return dir;
}

}  // namespace vigil::decode_test
