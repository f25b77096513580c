// Identifies an image format from its magic bytes.
//
// Only the leading signature is inspected; the file name and any declared MIME type are
// never trusted. Input shorter than a format's signature is not identified.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::decode {

enum class ImageFormat { unknown, jpeg, png, webp, bmp, tiff, gif };

ImageFormat sniff_format(std::span<const std::uint8_t> bytes) noexcept;

// "jpeg", "png", ... ("unknown" for unknown): the ImageHeader::format names.
std::string_view format_name(ImageFormat format) noexcept;

// "image/jpeg", "image/png", ... (empty for unknown).
std::string_view mime_type(ImageFormat format) noexcept;

}  // namespace vigil::decode
