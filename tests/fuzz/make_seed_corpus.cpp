// Writes a small seed corpus for decode_and_hash_fuzzer into the folder given as argv[1]:
// tiny benign images (a few hundred bytes each) in every format vigil::decode_image accepts,
// generated at run time so no binary files live in the repository. Covers colour, grey,
// 16-bit and alpha PNGs, baseline/progressive/grey JPEGs, JPEG and PNG with an EXIF
// orientation, lossy and lossless WebP, BMP, TIFF, and GIFs drawn fully or partly.
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

cv::Mat gradient(int width, int height, int type) {
  cv::Mat image(height, width, type);
  const int channels = image.channels();
  const bool wide = image.depth() == CV_16U;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        const int v = (x * 255 / width + y * 97 / height + c * 60) % 256;
        if (wide) {
          image.ptr<std::uint16_t>(y)[x * channels + c] = static_cast<std::uint16_t>(v * 257);
        } else {
          image.ptr<std::uint8_t>(y)[x * channels + c] = static_cast<std::uint8_t>(v);
        }
      }
    }
  }
  return image;
}

Bytes encode(const std::string& ext, const cv::Mat& image, const std::vector<int>& params = {}) {
  Bytes out;
  if (!cv::imencode(ext, image, out, params)) {
    std::fprintf(stderr, "make_seed_corpus: cannot encode %s\n", ext.c_str());
    std::exit(1);
  }
  return out;
}

// A little-endian TIFF block holding only the EXIF orientation tag (274).
Bytes exif_tiff(std::uint16_t orientation) {
  return {'I',
          'I',
          42,
          0,
          8,
          0,
          0,
          0,  // header, IFD at 8
          1,
          0,  // one entry
          0x12,
          0x01,
          3,
          0,
          1,
          0,
          0,
          0,  // tag 274, SHORT, count 1
          static_cast<std::uint8_t>(orientation),
          0,
          0,
          0,  // value
          0,
          0,
          0,
          0};  // no next IFD
}

// Inserts an APP1 "Exif" segment right after the JPEG's SOI marker.
Bytes jpeg_with_orientation(Bytes jpeg, std::uint16_t orientation) {
  Bytes payload = {'E', 'x', 'i', 'f', 0, 0};
  const Bytes tiff = exif_tiff(orientation);
  payload.insert(payload.end(), tiff.begin(), tiff.end());
  const auto length = static_cast<std::uint16_t>(payload.size() + 2);
  Bytes segment = {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8),
                   static_cast<std::uint8_t>(length & 0xFF)};
  segment.insert(segment.end(), payload.begin(), payload.end());
  jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end());
  return jpeg;
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// Inserts an eXIf chunk right after the PNG's IHDR chunk (8-byte signature + 25-byte IHDR).
Bytes png_with_orientation(Bytes png, std::uint16_t orientation) {
  const Bytes tiff = exif_tiff(orientation);
  const auto n = static_cast<std::uint32_t>(tiff.size());
  Bytes chunk = {static_cast<std::uint8_t>(n >> 24),
                 static_cast<std::uint8_t>(n >> 16),
                 static_cast<std::uint8_t>(n >> 8),
                 static_cast<std::uint8_t>(n),
                 'e',
                 'X',
                 'I',
                 'f'};
  chunk.insert(chunk.end(), tiff.begin(), tiff.end());
  const std::uint32_t crc = crc32(chunk.data() + 4, chunk.size() - 4);
  for (int shift = 24; shift >= 0; shift -= 8) {
    chunk.push_back(static_cast<std::uint8_t>(crc >> shift));
  }
  png.insert(png.begin() + 33, chunk.begin(), chunk.end());
  return png;
}

// GIF89a with a 2-colour global table and one 1x1 image (LZW: clear, index 0, end) placed
// at (left, top) on a screen_w x screen_h logical screen.
Bytes gif(std::uint8_t screen_w, std::uint8_t screen_h, std::uint8_t left, std::uint8_t top) {
  return {'G',  'I',  'F',  '8',  '9',  'a',  screen_w, 0, screen_h, 0, 0x80, 0, 0,  // screen
          0xFF, 0x20, 0x10, 0x00, 0x40, 0xC0,                                        // palette
          0x21, 0xF9, 4,    0x01, 0,    0,    0,        0,                           // GCE
          0x2C, left, 0,    top,  0,    1,    0,        1, 0,        0,              // descriptor
          2,    2,    0x44, 0x01, 0,                                                 // LZW data
          0x3B};
}

void write(const std::filesystem::path& dir, const std::string& name, const Bytes& bytes) {
  std::ofstream out(dir / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "make_seed_corpus: cannot write %s\n", name.c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);

  const cv::Mat bgr = gradient(16, 12, CV_8UC3);
  const cv::Mat grey = gradient(16, 12, CV_8UC1);
  const cv::Mat bgra = gradient(9, 7, CV_8UC4);
  const cv::Mat grey16 = gradient(8, 8, CV_16UC1);
  const cv::Mat bgr16 = gradient(5, 6, CV_16UC3);

  write(dir, "rgb.jpg", encode(".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, 80}));
  write(dir, "grey.jpg", encode(".jpg", grey));
  write(dir, "progressive.jpg", encode(".jpg", bgr, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}));
  write(dir, "orientation6.jpg", jpeg_with_orientation(encode(".jpg", bgr), 6));
  write(dir, "rgb.png", encode(".png", bgr));
  write(dir, "grey.png", encode(".png", grey));
  write(dir, "rgba.png", encode(".png", bgra));
  write(dir, "grey16.png", encode(".png", grey16));
  write(dir, "rgb16.png", encode(".png", bgr16));
  write(dir, "orientation8.png", png_with_orientation(encode(".png", bgr), 8));
  write(dir, "lossy.webp", encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 50}));
  write(dir, "lossless.webp", encode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 101}));
  write(dir, "rgb.bmp", encode(".bmp", bgr));
  write(dir, "grey.bmp", encode(".bmp", grey));
  write(dir, "rgb.tiff", encode(".tiff", bgr));
  write(dir, "grey16.tiff", encode(".tiff", grey16));
  write(dir, "one-pixel.gif", gif(1, 1, 0, 0));
  write(dir, "partial.gif", gif(3, 2, 1, 1));
  return 0;
}
