// org.vigil.hashing: the bundled detector. PDQ (optionally all 8 dihedral variants) from
// decoded pixels, MD5 / SHA-1 / SHA-256 streamed from the raw uploaded bytes. It declares
// byte input, so the digests are computed for every upload, image or not.
#include <vigil/plugin.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "crypto_digests.hpp"
#include "pdq/pdq_hasher.hpp"

namespace vigil::hashing {
namespace {

std::string kind_list() { return "pdq, md5, sha1, sha256"; }

}  // namespace

class hashing_detector : public plugin::detector {
 public:
  static constexpr const char* signal_types[] = {"pdq", "md5", "sha1", "sha256"};
  static constexpr vigil_config_field config_fields[] = {
      {"signals", VIGIL_SETTING_STRING_LIST, "signals to compute: pdq, md5, sha1, sha256",
       "pdq,md5", 0},
      {"dihedral", VIGIL_SETTING_BOOLEAN,
       "attach all 8 dihedral PDQ variants (orig, rot90, ...) to the pdq signal", "false", 0},
  };

  hashing_detector(const plugin::settings& settings, const plugin::host& host) : host_(host) {
    for (const std::string& name : settings.get_list("signals")) {
      if (name == "pdq") {
        pdq_ = true;
      } else if (name == "md5") {
        digests_.push_back(DigestType::md5);
      } else if (name == "sha1") {
        digests_.push_back(DigestType::sha1);
      } else if (name == "sha256") {
        digests_.push_back(DigestType::sha256);
      } else {
        throw plugin::error("unknown signal '" + name + "' (expected " + kind_list() + ")",
                            VIGIL_ERROR_INVALID_ARGUMENT);
      }
    }
    dihedral_ = settings.get_bool("dihedral", false);
  }

  void scan(const plugin::media& input, plugin::signal_sink& out) override {
    if (pdq_ && !input.frames().empty()) emit_pdq(input.frames().front(), out);
    if (!digests_.empty() && input.has_bytes()) {
      auto read = [&input](std::span<std::uint8_t> buffer) { return input.read_bytes(buffer); };
      for (const Digest& digest : compute_digests(digests_, read)) {
        out.emit(signal_name(digest.type), digest.hex);
      }
    }
  }

 private:
  void emit_pdq(const vigil_frame& frame, plugin::signal_sink& out) {
    // A Hasher keeps scratch buffers: one per thread, so scans never share one.
    thread_local pdq::Hasher hasher;
    if (!dihedral_) {
      pdq::PdqResult result =
          hasher.hash_rgb(frame.pixels, frame.width, frame.height, frame.stride);
      out.emit("pdq", result.hash.to_hex(), result.quality);
      return;
    }
    pdq::DihedralResult result =
        hasher.hash_rgb_dihedral(frame.pixels, frame.width, frame.height, frame.stride);
    std::map<std::string, std::string> variants;
    for (int i = 0; i < pdq::kNumDihedral; ++i) {
      variants.emplace(std::string(pdq::kDihedralNames[i]), result.hashes[i].to_hex());
    }
    out.emit("pdq", result.hashes[0].to_hex(), result.quality, variants);
  }

  plugin::host host_;
  bool pdq_ = false;
  bool dihedral_ = false;
  std::vector<DigestType> digests_;
};

}  // namespace vigil::hashing

VIGIL_DETECTOR_PLUGIN(vigil::hashing::hashing_detector, "org.vigil.hashing", "0.1.0",
                      "PDQ (with dihedral variants), MD5, SHA-1 and SHA-256",
                      VIGIL_MEDIA_IMAGE | VIGIL_MEDIA_BYTES)
