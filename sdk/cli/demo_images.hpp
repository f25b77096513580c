// The material of `vigil demo`, all generated and benign: a synthetic image that stands in
// for an image on a hotline list, a few bytes that stand in for a listed video, and the
// uploads the demo scans, each with the outcome the demo expects from Vigil.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::cli {

// What Vigil should make of a demo upload.
enum class DemoExpectation {
  exact_copy,        // the listed image's own bytes: blocked by MD5 and by PDQ at distance 0
  rotated_copy,      // rotated, resized and re-encoded: blocked by a PDQ dihedral variant
  clean,             // nothing like the list: allowed, checked completely
  listed_non_image,  // the listed video: not an image, blocked by its MD5 all the same
  truncated,         // half an unlisted JPEG: allowed, but not checked (decode: truncated)
};

struct DemoUpload {
  std::string name;  // a file name, for display and for the reported file
  std::vector<std::uint8_t> bytes;
  DemoExpectation expect = DemoExpectation::clean;
};

struct DemoMaterial {
  std::vector<std::uint8_t> listed_image;  // a PNG; its MD5 and PDQ go on the demo list
  std::vector<std::uint8_t> listed_video;  // an MP4-shaped file; its MD5 goes on the list
  std::vector<DemoUpload> uploads;         // in the order the demo scans them
};

// Deterministic: the same bytes on every run. Throws std::runtime_error if OpenCV cannot
// encode PNG or JPEG.
DemoMaterial make_demo_material();

}  // namespace vigil::cli
