// Verdict: what the platform should do with an upload.
//
// allow  - no rule matched; accept the upload.
// review - a rule routed it to people; hold it until someone decides.
// block  - it matched known material; refuse it and report it.
// Verdicts are ordered: when several rules fire, the most severe wins.
#pragma once

#include <optional>
#include <string_view>

#include "vigil/export.hpp"

namespace vigil {

enum class Verdict { allow = 0, review = 1, block = 2 };

// "allow", "review" or "block".
VIGIL_API std::string_view to_string(Verdict verdict) noexcept;
VIGIL_API std::optional<Verdict> verdict_from_string(std::string_view name) noexcept;

}  // namespace vigil
