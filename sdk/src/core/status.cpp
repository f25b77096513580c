#include "vigil/status.hpp"

#include <array>
#include <utility>

namespace vigil {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 16> kNames{{
    {ErrorCode::ok, "ok"},
    {ErrorCode::invalid_argument, "invalid_argument"},
    {ErrorCode::not_found, "not_found"},
    {ErrorCode::io_error, "io_error"},
    {ErrorCode::config_error, "config_error"},
    {ErrorCode::plugin_error, "plugin_error"},
    {ErrorCode::detector_failed, "detector_failed"},
    {ErrorCode::decode_failed, "decode_failed"},
    {ErrorCode::truncated, "truncated"},
    {ErrorCode::too_large, "too_large"},
    {ErrorCode::unsupported_format, "unsupported_format"},
    {ErrorCode::empty_input, "empty_input"},
    {ErrorCode::malformed_list, "malformed_list"},
    {ErrorCode::conflict, "conflict"},
    {ErrorCode::corrupt_data, "corrupt_data"},
    {ErrorCode::internal, "internal"},
}};

}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
  for (const auto& [value, name] : kNames) {
    if (value == code) return name;
  }
  return "internal";
}

std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept {
  for (const auto& [value, text] : kNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  std::string text(vigil::to_string(code_));
  text += ": ";
  text += message_;
  return text;
}

Status Status::with_context(std::string_view context) const {
  if (ok()) return *this;
  std::string prefixed(context);
  prefixed += ": ";
  prefixed += message_;
  return Status(code_, std::move(prefixed));
}

}  // namespace vigil
