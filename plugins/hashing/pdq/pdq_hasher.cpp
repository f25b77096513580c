#include "pdq_hasher.hpp"

#include <cassert>
#include <climits>

#include "pdq_dct.hpp"
#include "pdq_downscale.hpp"

namespace vigil::pdq {

namespace {

// The reference does not hash images narrower or shorter than this.
constexpr int kMinHashableDim = 5;

PixelView make_view(const std::uint8_t* data, std::uint32_t width, std::uint32_t height,
                    std::size_t stride, int channels) {
  assert(width <= INT_MAX && height <= INT_MAX);
  assert(data == nullptr || width == 0 || stride >= static_cast<std::size_t>(channels) * width);
  PixelView px;
  px.data = data;
  px.width = static_cast<int>(width);
  px.height = static_cast<int>(height);
  px.stride = stride;
  px.channels = channels;
  return px;
}

}  // namespace

class Hasher::Impl {
 public:
  PdqResult hash(const PixelView& px) {
    PdqResult result;
    if (!prepare(px, /*blur_64x64=*/false)) return result;
    result.quality = image_domain_quality(luma64_);
    dct64_to_16(luma64_, dct_);
    result.hash = bits_from_dct(dct_);
    return result;
  }

  DihedralResult hash_dihedral(const PixelView& px) {
    DihedralResult result;
    if (!prepare(px, /*blur_64x64=*/true)) return result;
    result.quality = image_domain_quality(luma64_);
    dct64_to_16(luma64_, dct_);
    for (int i = 0; i < kNumDihedral; ++i) {
      dct_dihedral(dct_, static_cast<Dihedral>(i), dct_aux_);
      result.hashes[static_cast<std::size_t>(i)] = bits_from_dct(dct_aux_);
    }
    return result;
  }

 private:
  // Fills luma64_ with the downsampled luma; false when the image is too small to hash.
  bool prepare(const PixelView& px, bool blur_64x64) {
    if (px.data == nullptr || px.width < kMinHashableDim || px.height < kMinHashableDim) {
      return false;
    }
    if (px.width == 64 && px.height == 64 && !blur_64x64) {
      // The reference's single-hash path takes a 64x64 image as already downsampled.
      for (int i = 0; i < 64; ++i) {
        luma_row(px, i, &luma64_[static_cast<std::size_t>(i * 64)]);
      }
    } else {
      downscaler_.downscale(px, luma64_);
    }
    return true;
  }

  Downscaler downscaler_;
  Luma64 luma64_{};
  Dct16 dct_{};
  Dct16 dct_aux_{};
};

Hasher::Hasher() : impl_(std::make_unique<Impl>()) {}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

PdqResult Hasher::hash_rgb(const std::uint8_t* rgb, std::uint32_t width, std::uint32_t height,
                           std::size_t stride) {
  return impl_->hash(make_view(rgb, width, height, stride, 3));
}

PdqResult Hasher::hash_grey(const std::uint8_t* grey, std::uint32_t width, std::uint32_t height,
                            std::size_t stride) {
  return impl_->hash(make_view(grey, width, height, stride, 1));
}

DihedralResult Hasher::hash_rgb_dihedral(const std::uint8_t* rgb, std::uint32_t width,
                                         std::uint32_t height, std::size_t stride) {
  return impl_->hash_dihedral(make_view(rgb, width, height, stride, 3));
}

DihedralResult Hasher::hash_grey_dihedral(const std::uint8_t* grey, std::uint32_t width,
                                          std::uint32_t height, std::size_t stride) {
  return impl_->hash_dihedral(make_view(grey, width, height, stride, 1));
}

}  // namespace vigil::pdq
