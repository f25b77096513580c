// Match: one signal of an upload found in one bank.
//
// A match names the bank and the exact list version it came from, so a report can say
// which delivery of which hotline list the content was found in. For perceptual signals
// it carries the Hamming distance and the dihedral variant of the upload that matched
// ("orig", "rot90", ..., "flipminus1"); exact signals have distance 0 and variant "orig".
#pragma once

#include <string>

namespace vigil {

struct Match {
  std::string bank;
  std::string bank_version;
  std::string entry_id;
  std::string signal_type;
  std::string value;  // the bank entry's value (hex); empty for opaque types such as pdna
  int distance = 0;
  std::string variant = "orig";

  friend bool operator==(const Match&, const Match&) = default;
};

}  // namespace vigil
