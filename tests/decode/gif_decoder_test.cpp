// Vigil's own GIF decoder (OpenCV 4.6 has none): checked against GIF bytes published
// elsewhere, and on streams from the test's LZW encoder that exercise every code path.
#include <random>

#include <gtest/gtest.h>

#include "gif_builder.hpp"
#include "synthetic_images.hpp"
#include "vigil/decode.hpp"

namespace vigil::decode_test {
namespace {

using Rgb = std::vector<std::uint8_t>;

Frame decode_ok(const Bytes& bytes) {
  auto media = decode_image(bytes);
  EXPECT_TRUE(media.ok()) << media.status().to_string();
  if (!media.ok()) return {};
  return std::move(media->frames[0]);
}

ErrorCode code_of(const Bytes& bytes) {
  const auto media = decode_image(bytes);
  return media.ok() ? ErrorCode::ok : media.status().code();
}

// The palette colours of `indices`, as the decoder should output them.
Bytes through_palette(const Bytes& indices, const Bytes& palette) {
  Bytes out;
  for (const std::uint8_t index : indices) {
    out.insert(out.end(), palette.begin() + 3 * index, palette.begin() + 3 * index + 3);
  }
  return out;
}

Bytes noise_indices(std::size_t count, unsigned colours, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes out(count);
  for (auto& index : out) index = static_cast<std::uint8_t>(rng() % colours);
  return out;
}

Bytes grey_palette(unsigned entries) {
  Bytes out;
  for (unsigned i = 0; i < entries; ++i) {
    out.insert(out.end(), {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(255 - i),
                           static_cast<std::uint8_t>(i / 2)});
  }
  return out;
}

// The widely published smallest GIF: one white pixel (index 0, marked transparent).
TEST(GifDecoder, PublishedOnePixelGif) {
  const Bytes gif = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
                     0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x21, 0xF9, 0x04,
                     0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01,
                     0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
  const Frame frame = decode_ok(gif);
  EXPECT_EQ(frame.width, 1u);
  EXPECT_EQ(frame.height, 1u);
  EXPECT_EQ(frame.storage, (Bytes{255, 255, 255}));
}

// The 10x10 sample of "What's In A GIF" (Matthew Flickinger): four colours, LZW codes that
// grow from 3 to 4 bits. Its index stream is published with it.
TEST(GifDecoder, PublishedTenByTenSample) {
  const Bytes gif = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x0A, 0x00, 0x0A, 0x00, 0x91, 0x00,
                     0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00,
                     0x00, 0x21, 0xF9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00,
                     0x00, 0x00, 0x0A, 0x00, 0x0A, 0x00, 0x00, 0x02, 0x16, 0x8C, 0x2D, 0x99,
                     0x87, 0x2A, 0x1C, 0xDC, 0x33, 0xA0, 0x02, 0x75, 0xEC, 0x95, 0xFA, 0xA8,
                     0xDE, 0x60, 0x8C, 0x04, 0x91, 0x4C, 0x01, 0x00, 0x3B};
  const std::string rows =
      "1111122222"
      "1111122222"
      "1111122222"
      "1110000222"
      "1110000222"
      "2220000111"
      "2220000111"
      "2222211111"
      "2222211111"
      "2222211111";
  const Bytes palette = {255, 255, 255, 255, 0, 0, 0, 0, 255, 0, 0, 0};
  Bytes indices;
  for (const char c : rows) indices.push_back(static_cast<std::uint8_t>(c - '0'));
  const Frame frame = decode_ok(gif);
  EXPECT_EQ(frame.width, 10u);
  EXPECT_EQ(frame.height, 10u);
  EXPECT_EQ(frame.storage, through_palette(indices, palette));
}

struct LzwCase {
  const char* name;
  std::uint16_t width;
  std::uint16_t height;
  unsigned colours;
  unsigned min_code_size;
  bool deferred_clear;
};

class GifLzwRoundTrip : public ::testing::TestWithParam<LzwCase> {};

TEST_P(GifLzwRoundTrip, DecodesWhatTheEncoderWrote) {
  const LzwCase& c = GetParam();
  GifSpec spec;
  spec.screen_width = spec.width = c.width;
  spec.screen_height = spec.height = c.height;
  spec.global_palette = grey_palette(c.colours);
  spec.min_code_size = c.min_code_size;
  spec.deferred_clear = c.deferred_clear;
  spec.indices = noise_indices(std::size_t{c.width} * c.height, c.colours, 7);
  // Runs as well as noise, so that long table strings occur.
  for (std::size_t i = 0; i < spec.indices.size() / 3; ++i)
    spec.indices[i] = static_cast<std::uint8_t>((i / 50) % c.colours);
  EXPECT_EQ(decode_ok(build_gif(spec)).storage, through_palette(spec.indices, spec.global_palette));
}

INSTANTIATE_TEST_SUITE_P(
    Streams, GifLzwRoundTrip,
    ::testing::Values(LzwCase{"two_colours", 33, 17, 2, 2, false},
                      LzwCase{"sixteen_colours_table_fills", 200, 150, 16, 4, false},
                      LzwCase{"full_palette_table_fills", 300, 200, 256, 8, false},
                      LzwCase{"full_palette_deferred_clear", 300, 200, 256, 8, true},
                      LzwCase{"four_colours_deferred_clear", 256, 256, 4, 2, true}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(GifDecoder, InterlacedRowsLandInPlace) {
  for (const int rows : {1, 2, 3, 5, 8, 9, 17}) {
    const auto height = static_cast<std::uint16_t>(rows);
    SCOPED_TRACE(height);
    GifSpec spec;
    spec.screen_width = spec.width = 3;
    spec.screen_height = spec.height = height;
    spec.interlaced = true;
    spec.global_palette = grey_palette(32);
    for (unsigned y = 0; y < height; ++y) {
      for (unsigned x = 0; x < 3; ++x) spec.indices.push_back(static_cast<std::uint8_t>(y));
    }
    EXPECT_EQ(decode_ok(build_gif(spec)).storage,
              through_palette(spec.indices, spec.global_palette));
  }
}

TEST(GifDecoder, LocalColourTableWins) {
  GifSpec spec;
  spec.screen_width = spec.width = 2;
  spec.screen_height = spec.height = 1;
  spec.global_palette = {1, 1, 1, 2, 2, 2};
  spec.local_palette = {100, 0, 0, 0, 100, 0};
  spec.indices = {1, 0};
  EXPECT_EQ(decode_ok(build_gif(spec)).storage, (Bytes{0, 100, 0, 100, 0, 0}));

  spec.global_palette.clear();  // a local table alone is enough
  EXPECT_EQ(decode_ok(build_gif(spec)).storage, (Bytes{0, 100, 0, 100, 0, 0}));
}

TEST(GifDecoder, FrameSmallerThanScreenSitsOnBackground) {
  GifSpec spec;
  spec.screen_width = 4;
  spec.screen_height = 3;
  spec.global_palette = {10, 20, 30, 200, 210, 220};
  spec.background_index = 0;
  spec.left = 1;
  spec.top = 1;
  spec.width = 2;
  spec.height = 1;
  spec.indices = {1, 1};
  const Frame frame = decode_ok(build_gif(spec));
  ASSERT_EQ(frame.width, 4u);
  ASSERT_EQ(frame.height, 3u);
  for (std::uint32_t y = 0; y < 3; ++y) {
    for (std::uint32_t x = 0; x < 4; ++x) {
      const bool inside = y == 1 && (x == 1 || x == 2);
      EXPECT_EQ(rgb_at(frame, x, y), inside ? (Rgb{200, 210, 220}) : (Rgb{10, 20, 30}))
          << x << "," << y;
    }
  }
}

TEST(GifDecoder, FrameOverhangingTheScreenIsClipped) {
  GifSpec spec;
  spec.screen_width = 2;
  spec.screen_height = 2;
  spec.global_palette = {0, 0, 0, 9, 9, 9, 50, 50, 50, 70, 70, 70};
  spec.left = 1;
  spec.top = 1;
  spec.width = 3;
  spec.height = 3;
  spec.indices = {1, 2, 3, 1, 2, 3, 1, 2, 3};
  EXPECT_EQ(decode_ok(build_gif(spec)).storage, (Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9}));

  spec.left = 5;  // entirely off screen: all background
  EXPECT_EQ(decode_ok(build_gif(spec)).storage, Bytes(12, 0));
}

TEST(GifDecoder, TransparencyIsIgnoredAndOutOfRangeIndicesAreBlack) {
  GifSpec spec;
  spec.screen_width = spec.width = 3;
  spec.screen_height = spec.height = 1;
  spec.transparency_extension = true;                       // index 0 transparent
  spec.global_palette = {40, 50, 60, 70, 80, 90, 1, 2, 3};  // padded to 4 entries
  spec.min_code_size = 3;
  spec.indices = {0, 1, 7};  // 7: beyond the 4-entry table
  EXPECT_EQ(decode_ok(build_gif(spec)).storage, (Bytes{40, 50, 60, 70, 80, 90, 0, 0, 0}));
}

TEST(GifDecoder, MalformedStreams) {
  GifSpec spec;
  spec.screen_width = spec.width = 4;
  spec.screen_height = spec.height = 4;
  spec.global_palette = {0, 0, 0, 255, 255, 255};
  spec.indices = Bytes(16, 1);
  const Bytes good = build_gif(spec);
  ASSERT_EQ(code_of(good), ErrorCode::ok);

  // Header only, no image.
  Bytes no_image(good.begin(), good.begin() + 13 + 6);
  no_image.push_back(0x3B);
  EXPECT_EQ(code_of(no_image), ErrorCode::decode_failed);
  // An unknown block type where the image should be.
  Bytes unknown = no_image;
  unknown.back() = 0x99;
  EXPECT_EQ(code_of(unknown), ErrorCode::decode_failed);
  // No colour table at all.
  GifSpec bare = spec;
  bare.global_palette.clear();
  EXPECT_EQ(code_of(build_gif(bare)), ErrorCode::decode_failed);
  // Invalid minimum code sizes.
  for (const int size : {0, 1, 9, 12, 255}) {
    Bytes bad = good;
    bad[13 + 6 + 10] =
        static_cast<std::uint8_t>(size);  // screen, global table (2 entries), image descriptor
    EXPECT_EQ(code_of(bad), ErrorCode::decode_failed) << size;
  }
}

TEST(GifDecoder, InvalidCodesAreRejected) {
  // Hand-made 3-bit code streams for a 2-colour, 4-pixel image (clear = 4, end = 5).
  auto gif_with_codes = [](const std::vector<std::uint32_t>& codes) {
    std::uint32_t buffer = 0;
    unsigned count = 0;
    Bytes data;
    for (const std::uint32_t code : codes) {
      buffer |= code << count;
      count += 3;
      while (count >= 8) {
        data.push_back(static_cast<std::uint8_t>(buffer));
        buffer >>= 8;
        count -= 8;
      }
    }
    if (count > 0) data.push_back(static_cast<std::uint8_t>(buffer));
    Bytes gif = {'G', 'I', 'F', '8', '9',  'a', 4, 0, 1, 0, 0x80, 0, 0, 0, 0,
                 0,   255, 255, 255, 0x2C, 0,   0, 0, 0, 4, 0,    1, 0, 0, 2};
    gif.push_back(static_cast<std::uint8_t>(data.size()));
    gif.insert(gif.end(), data.begin(), data.end());
    gif.insert(gif.end(), {0, 0x3B});
    return gif;
  };
  // Codes stay 3 bits wide while fewer than two table entries have been added.
  EXPECT_EQ(code_of(gif_with_codes({4, 1, 0, 4, 1, 0, 5})), ErrorCode::ok);
  EXPECT_EQ(code_of(gif_with_codes({4, 7, 0, 1, 0, 5})), ErrorCode::decode_failed);  // not literal
  EXPECT_EQ(code_of(gif_with_codes({4, 6, 0, 1, 0, 5})), ErrorCode::decode_failed);  // not literal
  EXPECT_EQ(code_of(gif_with_codes({4, 1, 7, 5})), ErrorCode::decode_failed);        // beyond next
  EXPECT_EQ(code_of(gif_with_codes({4, 1, 5})), ErrorCode::truncated);    // end code too early
  EXPECT_EQ(code_of(gif_with_codes({4, 1})), ErrorCode::truncated);       // data runs out
  EXPECT_EQ(code_of(gif_with_codes({4, 1, 6, 1, 5})), ErrorCode::ok);     // KwKwK: 1, 1 1, 1
  EXPECT_EQ(code_of(gif_with_codes({1, 0, 4, 1, 0, 5})), ErrorCode::ok);  // no leading clear
}

TEST(GifDecoder, EndlessClearCodesEndAsTruncated) {
  // A stream of nothing but clear codes never produces a pixel: it must end as truncated.
  Bytes gif = {'G', 'I', 'F', '8', '9',  'a', 4, 0, 4, 0, 0x80, 0, 0, 0, 0,
               0,   255, 255, 255, 0x2C, 0,   0, 0, 0, 4, 0,    4, 0, 0, 2};
  for (int block = 0; block < 100; ++block) {
    gif.push_back(255);
    for (int i = 0; i < 85; ++i) gif.insert(gif.end(), {0x24, 0x49, 0x92});  // 8 codes "4"
  }
  gif.insert(gif.end(), {0, 0x3B});
  EXPECT_EQ(code_of(gif), ErrorCode::truncated);
}

}  // namespace
}  // namespace vigil::decode_test
