#include "jpeg_structure.hpp"

#include <algorithm>
#include <optional>

#include "byte_reader.hpp"
#include "exif_orientation.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "jpeg";

constexpr std::uint8_t kSoi = 0xD8;
constexpr std::uint8_t kEoi = 0xD9;
constexpr std::uint8_t kSos = 0xDA;
constexpr std::uint8_t kApp1 = 0xE1;
constexpr std::uint8_t kTem = 0x01;

bool is_restart(std::uint8_t marker) { return marker >= 0xD0 && marker <= 0xD7; }

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
bool is_start_of_frame(std::uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

enum class WalkMode { header_only, to_end };

struct MarkerWalk {
  Status status;  // ok when the walk reached its goal
  std::optional<HeaderInfo> frame;
  std::optional<std::span<const std::uint8_t>> exif;
};

class MarkerWalker {
 public:
  explicit MarkerWalker(std::span<const std::uint8_t> bytes) : reader_(bytes) {}

  MarkerWalk run(WalkMode mode) {
    MarkerWalk walk;
    walk.status = walk_markers(mode, walk);
    return walk;
  }

 private:
  Status walk_markers(WalkMode mode, MarkerWalk& walk) {
    std::uint64_t pos = 2;  // after SOI
    bool seen_scan = false;
    while (true) {
      // Find the next marker: libjpeg tolerates (with a warning) stray bytes between
      // segments, and any number of 0xFF fill bytes precede a marker.
      const auto marker_at = next_marker(pos);
      if (!marker_at) return truncated_error(kFormat, "data ends before the EOI marker");
      const std::uint8_t marker = *reader_.u8(*marker_at + 1);
      pos = *marker_at + 2;
      if (marker == kEoi) {
        if (!seen_scan) return malformed_error(kFormat, "EOI before any scan");
        return Status::success();
      }
      if (marker == kSoi) return malformed_error(kFormat, "unexpected SOI marker");
      if (is_restart(marker) || marker == kTem) continue;  // standalone markers

      const auto length = reader_.u16be(pos);
      if (!length) return truncated_error(kFormat, "data ends inside a marker segment");
      if (*length < 2) return malformed_error(kFormat, "marker segment length below 2");
      const auto segment = reader_.slice(pos + 2, *length - 2u);
      if (!segment) return truncated_error(kFormat, "a marker segment runs past the end");
      pos += *length;

      if (is_start_of_frame(marker) && !walk.frame) {
        // precision (1), height (2), width (2), components (1)
        const ByteReader sof(*segment);
        const auto height = sof.u16be(1);
        const auto width = sof.u16be(3);
        if (!height || !width) return malformed_error(kFormat, "SOF segment too short");
        HeaderInfo info;
        info.width = *width;
        info.height = *height;
        walk.frame = info;
      } else if (marker == kApp1 && !walk.exif &&
                 ByteReader(*segment).matches(0, std::string_view("Exif\0", 5))) {
        walk.exif = *segment;
      } else if (marker == kSos) {
        if (!walk.frame) return malformed_error(kFormat, "scan before any SOF marker");
        if (mode == WalkMode::header_only) return Status::success();
        seen_scan = true;
        const auto scan_end = skip_entropy_coded_data(pos);
        if (!scan_end) return truncated_error(kFormat, "data ends inside scan data");
        pos = *scan_end;
      }
    }
  }

  // The offset of the 0xFF that starts the next marker at or after `pos`, skipping fill
  // bytes; nullopt when the data ends first.
  std::optional<std::uint64_t> next_marker(std::uint64_t pos) const {
    const auto bytes = reader_.bytes();
    while (pos < bytes.size()) {
      if (bytes[pos] != 0xFF) {
        ++pos;
        continue;
      }
      if (pos + 1 >= bytes.size()) return std::nullopt;
      if (bytes[pos + 1] == 0xFF) {  // fill byte
        ++pos;
        continue;
      }
      return pos;
    }
    return std::nullopt;
  }

  // Skips entropy-coded data starting at `pos`: 0xFF 0x00 is a stuffed byte and 0xFF D0..D7
  // a restart marker; any other marker ends the scan. Returns the offset of that marker.
  std::optional<std::uint64_t> skip_entropy_coded_data(std::uint64_t pos) const {
    const auto bytes = reader_.bytes();
    const auto* const begin = bytes.data();
    const auto* const end = begin + bytes.size();
    const auto* p = begin + pos;
    while (p < end) {
      p = std::find(p, end, std::uint8_t{0xFF});
      if (p == end || p + 1 == end) return std::nullopt;
      const std::uint8_t next = p[1];
      if (next == 0x00 || is_restart(next)) {
        p += 2;
      } else if (next == 0xFF) {
        p += 1;  // fill byte before a marker
      } else {
        return static_cast<std::uint64_t>(p - begin);
      }
    }
    return std::nullopt;
  }

  ByteReader reader_;
};

}  // namespace

Result<HeaderInfo> read_jpeg_header(std::span<const std::uint8_t> bytes) {
  const MarkerWalk walk = MarkerWalker(bytes).run(WalkMode::header_only);
  // Only the frame header matters here: data cut short after SOF is a truncation of the
  // image data, which check_jpeg_complete reports.
  if (!walk.frame) {
    return walk.status.ok() ? malformed_error(kFormat, "no SOF marker") : walk.status;
  }
  HeaderInfo info = *walk.frame;
  if (walk.exif) info.exif_orientation = read_exif_orientation(*walk.exif);
  return info;
}

Status check_jpeg_complete(std::span<const std::uint8_t> bytes) {
  return MarkerWalker(bytes).run(WalkMode::to_end).status;
}

}  // namespace vigil::decode
