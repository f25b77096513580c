#include <array>
#include <string_view>

#include "vigil/outbox.hpp"

namespace vigil {
namespace {

constexpr std::array<std::string_view, kOutboxStateCount> kNames = {
    "pending",    "submitted", "files_uploaded", "details_sent", "finishing",
    "handed_off", "filed",     "retracted",      "failed",
};

}  // namespace

std::string_view to_string(OutboxState state) noexcept {
  const auto index = static_cast<std::size_t>(state);
  return index < kNames.size() ? kNames[index] : std::string_view("unknown");
}

std::optional<OutboxState> outbox_state_from_string(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<OutboxState>(i);
  }
  return std::nullopt;
}

}  // namespace vigil
