#include "exif_orientation.hpp"

#include <exception>

#include "byte_reader.hpp"

namespace vigil::decode {

int read_orientation_tag(const TiffDirectory& directory) {
  const TiffEntry* entry = directory.find(kTiffTagOrientation);
  if (entry == nullptr || entry->type != 3 /* SHORT */) return 0;
  const auto value = directory.integer(*entry, 0);
  if (!value || *value < 1 || *value > 8) return 0;
  return static_cast<int>(*value);
}

int read_exif_orientation(std::span<const std::uint8_t> exif) noexcept {
  try {
    const ByteReader reader(exif);
    if (reader.matches(0, std::string_view("Exif\0", 5))) {
      // "Exif\0\0" is the standard identifier; some writers put another byte in place of the
      // second NUL.
      if (exif.size() < 6) return 0;
      exif = exif.subspan(6);
    }
    const auto directory = TiffDirectory::parse(exif);
    if (!directory.ok()) return 0;
    return read_orientation_tag(*directory);
  } catch (const std::exception&) {  // std::bad_alloc: treat as absent
    return 0;
  }
}

}  // namespace vigil::decode
