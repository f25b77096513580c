#include "tiff_directory.hpp"

#include <algorithm>

#include "header_info.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "tiff";

// Size in bytes of one value of a TIFF field type; 0 for unknown types.
unsigned type_size(std::uint16_t type) {
  switch (type) {
    case 1:  // BYTE
    case 2:  // ASCII
    case 6:  // SBYTE
    case 7:  // UNDEFINED
      return 1;
    case 3:  // SHORT
    case 8:  // SSHORT
      return 2;
    case 4:   // LONG
    case 9:   // SLONG
    case 11:  // FLOAT
    case 13:  // IFD
      return 4;
    case 5:   // RATIONAL
    case 10:  // SRATIONAL
    case 12:  // DOUBLE
    case 16:  // LONG8
    case 17:  // SLONG8
    case 18:  // IFD8
      return 8;
    default:
      return 0;
  }
}

bool is_unsigned_integer_type(std::uint16_t type) {
  return type == 1 || type == 3 || type == 4 || type == 13 || type == 16 || type == 18;
}

}  // namespace

Result<TiffDirectory> TiffDirectory::parse(std::span<const std::uint8_t> bytes) {
  const ByteReader reader(bytes);
  if (reader.size() < 8) return truncated_error(kFormat, "header is cut short");
  bool big_endian = false;
  if (reader.matches(0, "II")) {
    big_endian = false;
  } else if (reader.matches(0, "MM")) {
    big_endian = true;
  } else {
    return malformed_error(kFormat, "bad byte-order mark");
  }
  const auto magic = reader.read(2, 2, big_endian);
  const bool big_tiff = magic == 43u;
  if (magic != 42u && !big_tiff) return malformed_error(kFormat, "bad magic number");

  std::uint64_t ifd_offset = 0;
  if (big_tiff) {
    // BigTIFF: offset size (8), reserved (0), then an 8-byte IFD offset.
    const auto offset_size = reader.read(4, 2, big_endian);
    const auto offset = reader.read(8, 8, big_endian);
    if (!offset_size || !offset) return truncated_error(kFormat, "header is cut short");
    if (*offset_size != 8) return malformed_error(kFormat, "unsupported BigTIFF offset size");
    ifd_offset = *offset;
  } else {
    ifd_offset = *reader.read(4, 4, big_endian);
  }
  if (ifd_offset < 8) return malformed_error(kFormat, "first IFD offset points into the header");

  const unsigned count_size = big_tiff ? 8 : 2;
  const unsigned entry_size = big_tiff ? 20 : 12;
  const unsigned inline_size = big_tiff ? 8 : 4;
  const auto entry_count = reader.read(ifd_offset, count_size, big_endian);
  if (!entry_count) return truncated_error(kFormat, "first IFD lies past the end of the data");
  if (*entry_count == 0) return malformed_error(kFormat, "first IFD has no entries");
  if (*entry_count > reader.size() / entry_size ||
      !reader.has(ifd_offset + count_size, *entry_count * entry_size)) {
    return truncated_error(kFormat, "first IFD runs past the end of the data");
  }

  TiffDirectory directory(reader, big_endian);
  directory.entries_.reserve(static_cast<std::size_t>(*entry_count));
  for (std::uint64_t i = 0; i < *entry_count; ++i) {
    const std::uint64_t at = ifd_offset + count_size + i * entry_size;
    TiffEntry entry;
    entry.tag = static_cast<std::uint16_t>(*reader.read(at, 2, big_endian));
    entry.type = static_cast<std::uint16_t>(*reader.read(at + 2, 2, big_endian));
    entry.count = *reader.read(at + 4, big_tiff ? 8 : 4, big_endian);
    const std::uint64_t value_field = at + (big_tiff ? 12 : 8);
    const unsigned size = type_size(entry.type);
    // Values that fit in the entry are stored inline; otherwise the field is an offset.
    // A count too large for the buffer can never be read, so it is treated as out of line.
    if (size != 0 && entry.count <= inline_size / size) {
      entry.value_offset = value_field;
    } else {
      entry.value_offset = *reader.read(value_field, inline_size, big_endian);
    }
    directory.entries_.push_back(entry);
  }
  return directory;
}

const TiffEntry* TiffDirectory::find(std::uint16_t tag) const noexcept {
  const auto it = std::find_if(entries_.begin(), entries_.end(),
                               [tag](const TiffEntry& entry) { return entry.tag == tag; });
  return it == entries_.end() ? nullptr : &*it;
}

std::optional<std::uint64_t> TiffDirectory::integer(const TiffEntry& entry,
                                                    std::uint64_t index) const {
  if (!is_unsigned_integer_type(entry.type) || index >= entry.count) return std::nullopt;
  const unsigned size = type_size(entry.type);
  if (index > reader_.size() / size) return std::nullopt;
  const std::uint64_t at = entry.value_offset + index * size;
  if (at < entry.value_offset) return std::nullopt;  // overflow
  return reader_.read(at, size, big_endian_);
}

std::optional<std::uint64_t> TiffDirectory::integer(std::uint16_t tag) const {
  const TiffEntry* entry = find(tag);
  if (entry == nullptr) return std::nullopt;
  return integer(*entry, 0);
}

}  // namespace vigil::decode
