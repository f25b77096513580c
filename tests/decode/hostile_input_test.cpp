// Mutated files of every format: the decoder must never crash, hang or return a frame
// that disagrees with the header. Run under ASan/UBSan to make this a real check.
#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "gif_builder.hpp"
#include "png_builder.hpp"
#include "synthetic_images.hpp"
#include "tiff_builder.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

std::vector<std::pair<std::string, Bytes>> seed_files() {
  const cv::Mat image = bgr_gradient(24, 18);
  GifSpec gif;
  gif.screen_width = gif.width = 24;
  gif.screen_height = gif.height = 18;
  gif.interlaced = true;
  for (int i = 0; i < 16; ++i) {
    gif.global_palette.insert(gif.global_palette.end(), {static_cast<std::uint8_t>(16 * i), 0, 0});
  }
  for (int i = 0; i < 24 * 18; ++i) gif.indices.push_back(static_cast<std::uint8_t>((i * i) % 16));
  PngSpec palette;
  palette.width = 4;
  palette.height = 4;
  palette.colour_type = 3;
  palette.palette = {1, 2, 3, 4, 5, 6};
  palette.pixels = Bytes(16, 1);
  return {
      {"jpeg", encode(".jpg", image)},
      {"progressive jpeg", encode(".jpg", image, {cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
      {"png", encode(".png", image)},
      {"palette png", build_png(palette)},
      {"webp", encode(".webp", image)},
      {"lossless webp", encode(".webp", image, {cv::IMWRITE_WEBP_QUALITY, 101})},
      {"bmp", encode(".bmp", image)},
      {"tiff", encode(".tiff", image)},
      {"uncompressed tiff", build_tiff(24, 18, 3, Bytes(24 * 18 * 3, 50), 6)},
      {"gif", build_gif(gif)},
  };
}

Bytes mutate(const Bytes& original, std::mt19937& rng) {
  Bytes bytes = original;
  const int mutations = 1 + static_cast<int>(rng() % 8);
  for (int m = 0; m < mutations && !bytes.empty(); ++m) {
    const std::size_t at = rng() % bytes.size();
    switch (rng() % 6) {
      case 0:  // flip a byte
        bytes[at] = static_cast<std::uint8_t>(rng());
        break;
      case 1:  // flip one bit
        bytes[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 2:  // extreme value, typical of size fields
        bytes[at] = (rng() % 2) ? 0xFF : 0x00;
        break;
      case 3:  // cut the tail
        bytes.resize(at);
        break;
      case 4:  // insert bytes
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), 1 + rng() % 16,
                     static_cast<std::uint8_t>(rng()));
        break;
      default:  // delete bytes
        bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    bytes.begin() +
                        static_cast<std::ptrdiff_t>(std::min(bytes.size(), at + 1 + rng() % 16)));
        break;
    }
  }
  return bytes;
}

TEST(HostileInput, MutatedFilesNeverCrashOrLie) {
  std::mt19937 rng(20240601);
  DecodeLimits limits;  // a mutated header may declare up to the default limits
  limits.max_pixels = 4'000'000;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  for (const auto& [name, original] : seed_files()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(decode_image(original).ok()) << "seed file does not decode";
    int decoded = 0;
    for (int i = 0; i < 400; ++i) {
      const Bytes bytes = mutate(original, rng);
      const auto media = decode_image(bytes, limits);
      const auto header = probe_image(bytes);
      if (!media.ok()) {
        ASSERT_NE(media.status().code(), ErrorCode::internal) << media.status().to_string();
        ASSERT_NE(media.status().code(), ErrorCode::ok);
        continue;
      }
      ++decoded;
      ASSERT_EQ(media->frames.size(), 1u);
      const Frame& frame = media->frames[0];
      ASSERT_EQ(frame.stride, std::size_t{3} * frame.width);
      ASSERT_EQ(frame.storage.size(), frame.stride * frame.height);
      ASSERT_TRUE(header.ok()) << "decoded, but probe failed: " << header.status().to_string();
      ASSERT_EQ(frame.width, header->width);
      ASSERT_EQ(frame.height, header->height);
      ASSERT_GE(media->metadata.exif_orientation, 0);
      ASSERT_LE(media->metadata.exif_orientation, 8);
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "hostile input is too slow";
    RecordProperty(name + "_decoded", decoded);
  }
}

TEST(HostileInput, RandomBytesBehindEachSignature) {
  const std::vector<Bytes> signatures = {
      {0xFF, 0xD8, 0xFF},
      {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
      {'R', 'I', 'F', 'F', 0x40, 0, 0, 0, 'W', 'E', 'B', 'P'},
      {'G', 'I', 'F', '8', '9', 'a'},
      {'I', 'I', 42, 0},
      {'M', 'M', 0, 42},
      {'I', 'I', 43, 0},
      {'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0},
  };
  std::mt19937 rng(99);
  for (const Bytes& signature : signatures) {
    for (int i = 0; i < 300; ++i) {
      Bytes bytes = signature;
      const std::size_t extra = rng() % 300;
      for (std::size_t k = 0; k < extra; ++k) bytes.push_back(static_cast<std::uint8_t>(rng()));
      const auto media = decode_image(bytes);
      if (!media.ok()) {
        ASSERT_NE(media.status().code(), ErrorCode::internal) << media.status().to_string();
      }
      (void)probe_image(bytes);
    }
  }
}

}  // namespace
}  // namespace vigil::decode_test
