// Benign synthetic images for `vigil demo`: gradients, checkerboards and rings, encoded
// the way uploads arrive (PNG, JPEG), plus one deliberately truncated upload.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::cli {

struct DemoUpload {
  std::string name;  // a file name, for display
  std::vector<std::uint8_t> bytes;
};

std::vector<DemoUpload> make_demo_uploads();

}  // namespace vigil::cli
