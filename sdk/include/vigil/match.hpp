// Match: one signal of an upload found in one bank.
//
// A match names the bank and the exact list version it came from, so a report can say
// which delivery of which hotline list the content was found in. For perceptual (PDQ)
// signals it carries the Hamming distance and the dihedral variant of the upload that
// matched ("orig", "rot90", ..., "flipminus1"); exact signals (md5, sha1, sha256, and any
// type compared by value) have distance 0 and an empty variant: a digest has no variants.
//
// `acted_on` says whether the engine's rules acted on the match: true when some
// `[[rule]]` fired on it (its bank, signal type and distance fit the rule), and true for
// every match of an engine configured with no rule at all (then every match blocks).
// A match no rule acted on is reported but does not count towards the verdict. Matches
// straight from Bank::match, which applies no rules, have acted_on false.
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
  std::string variant;  // dihedral variant of a PDQ match; empty for exact matches
  bool acted_on = false;

  friend bool operator==(const Match&, const Match&) = default;
};

}  // namespace vigil
