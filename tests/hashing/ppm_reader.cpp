#include "ppm_reader.hpp"

#include <cctype>
#include <fstream>
#include <iterator>

namespace vigil::pdq::testing {

namespace {

// Reads the next header token, skipping whitespace and '#' comments.
bool next_token(const std::string& data, std::size_t& pos, std::string& token) {
  token.clear();
  while (pos < data.size()) {
    const unsigned char c = static_cast<unsigned char>(data[pos]);
    if (c == '#') {
      while (pos < data.size() && data[pos] != '\n') ++pos;
    } else if (std::isspace(c)) {
      ++pos;
    } else {
      break;
    }
  }
  while (pos < data.size() && !std::isspace(static_cast<unsigned char>(data[pos]))) {
    token += data[pos++];
  }
  return !token.empty();
}

bool parse_uint(const std::string& s, std::uint32_t& out) {
  if (s.empty() || s.size() > 9) return false;
  std::uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  out = v;
  return true;
}

std::optional<RgbImage> fail(std::string* error, const std::string& why) {
  if (error != nullptr) *error = why;
  return std::nullopt;
}

}  // namespace

std::optional<RgbImage> read_ppm(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(error, "cannot open " + path);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  std::size_t pos = 0;
  std::string magic, w, h, maxval;
  if (!next_token(data, pos, magic) || magic != "P6") return fail(error, path + ": not a P6 PPM");
  RgbImage img;
  std::uint32_t max = 0;
  if (!next_token(data, pos, w) || !parse_uint(w, img.width) || !next_token(data, pos, h) ||
      !parse_uint(h, img.height) || !next_token(data, pos, maxval) || !parse_uint(maxval, max)) {
    return fail(error, path + ": malformed header");
  }
  if (max != 255) return fail(error, path + ": only maxval 255 is supported");
  ++pos;  // exactly one whitespace byte separates the header from the raster

  const std::size_t bytes = static_cast<std::size_t>(img.width) * img.height * 3;
  if (data.size() < pos || data.size() - pos < bytes) return fail(error, path + ": truncated");
  img.pixels.assign(data.begin() + static_cast<std::ptrdiff_t>(pos),
                    data.begin() + static_cast<std::ptrdiff_t>(pos + bytes));
  return img;
}

}  // namespace vigil::pdq::testing
