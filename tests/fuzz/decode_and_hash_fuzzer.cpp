// libFuzzer target: arbitrary bytes -> vigil::decode_image (small limits) -> PDQ hash of the
// frame when decoding succeeds. Built only with -DVIGIL_FUZZ=ON and clang (scripts/fuzz).
//
// Besides memory errors and undefined behaviour (ASan/UBSan), it traps when the decoder
// breaks its own contract on a successful decode (vigil/decode.hpp):
//   * exactly one frame of type image, with non-zero dimensions within the limits;
//   * stride >= 3 * width and enough owned pixel bytes for every row;
//   * the frame has the dimensions (and EXIF orientation) probe_image reads from the header;
//   * exif_orientation in 0..8;
// and when PDQ's quality leaves 0..100.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "pdq_hasher.hpp"
#include "vigil/decode.hpp"

namespace {

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "decode_and_hash_fuzzer: contract violated: %s\n", what);
    std::abort();
  }
}

vigil::DecodeLimits fuzz_limits() {
  vigil::DecodeLimits limits;
  limits.max_encoded_bytes = std::size_t{4} * 1024 * 1024;
  limits.max_pixels = 4'000'000;
  limits.max_dimension = 8192;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const vigil::DecodeLimits limits = fuzz_limits();
  const std::span<const std::uint8_t> bytes(data, size);

  vigil::Result<vigil::Media> media = vigil::decode_image(bytes, limits);
  if (!media.ok()) return 0;

  require(media->type == vigil::MediaType::image, "media type is image");
  require(media->frames.size() == 1, "exactly one frame");
  const vigil::Frame& frame = media->frames.front();
  require(frame.width > 0 && frame.height > 0, "non-zero dimensions");
  require(frame.width <= limits.max_dimension && frame.height <= limits.max_dimension,
          "dimensions within max_dimension");
  require(std::uint64_t{frame.width} * frame.height <= limits.max_pixels,
          "pixels within max_pixels");
  require(frame.external == nullptr, "the frame owns its pixels");
  require(frame.stride >= std::size_t{3} * frame.width, "stride >= 3 * width");
  require(frame.storage.size() >= frame.stride * (frame.height - 1) + std::size_t{3} * frame.width,
          "storage holds every row");
  require(media->metadata.exif_orientation >= 0 && media->metadata.exif_orientation <= 8,
          "exif_orientation in 0..8");

  const vigil::Result<vigil::ImageHeader> header = vigil::probe_image(bytes);
  require(header.ok(), "probe_image accepts what decode_image decoded");
  require(header->width == frame.width && header->height == frame.height,
          "probe_image dimensions equal the frame's");
  require(header->exif_orientation == media->metadata.exif_orientation,
          "probe_image and decode_image agree on exif_orientation");

  thread_local vigil::pdq::Hasher hasher;
  const vigil::pdq::PdqResult result =
      hasher.hash_rgb(frame.data(), frame.width, frame.height, frame.stride);
  require(result.quality >= 0 && result.quality <= 100, "PDQ quality in 0..100");
  return 0;
}
