#include "vigil/verdict.hpp"

namespace vigil {

std::string_view to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::allow:
      return "allow";
    case Verdict::review:
      return "review";
    case Verdict::block:
      return "block";
  }
  return "allow";
}

std::optional<Verdict> verdict_from_string(std::string_view name) noexcept {
  if (name == "allow") return Verdict::allow;
  if (name == "review") return Verdict::review;
  if (name == "block") return Verdict::block;
  return std::nullopt;
}

}  // namespace vigil
