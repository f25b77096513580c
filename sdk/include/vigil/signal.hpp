// Signal: one fingerprint of one piece of media, with an explicit type.
//
// The type is a short lowercase name ("pdq", "md5", "sha1", "sha256", "vpdq", ...), never
// inferred from the value: a PDQ hash and a SHA-256 are both 64 hex digits. Values are
// lowercase hex for hashes. Quality is meaningful for perceptual hashes (PDQ: 0..100,
// hashes under 50 are not matched by default) and absent for cryptographic ones.
// Attributes carry per-type extras, e.g. the eight dihedral PDQ variants keyed by
// transform name ("orig", "rot90", ...).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace vigil {

struct Signal {
  std::string type;
  std::string value;
  std::optional<int> quality;
  std::map<std::string, std::string> attributes;

  friend bool operator==(const Signal&, const Signal&) = default;
};

}  // namespace vigil
