// Status and Result<T>: how Vigil reports expected failures.
//
// Bad input, an unreachable portal or a misbehaving plugin are ordinary outcomes in an
// upload pipeline, so they are values, not exceptions. A Status is either ok or carries a
// stable ErrorCode (machine-readable, never renamed once released: scripts and the Python
// bindings key on it) plus a human-readable message. A match is a result, never an error.
//
// Both types are [[nodiscard]]: ignoring one is a compile error under -Werror.
// Thread-safety: plain values; copies may be used from any thread.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "vigil/export.hpp"

namespace vigil {

// Stable error codes. The string form (to_string) is part of the public contract: it is
// what `vigil hash --json` prints and what Python exceptions carry as `.code`.
enum class ErrorCode {
  ok,
  invalid_argument,    // a caller passed something malformed
  not_found,           // a named file, plugin, bank or entry does not exist
  io_error,            // the operating system refused a read or write
  config_error,        // a configuration file is malformed; message names file:line: key
  plugin_error,        // a plugin could not be loaded, created or behaved out of contract
  detector_failed,     // a detector returned an error or threw during a scan
  decode_failed,       // media bytes could not be decoded
  truncated,           // media ends before its own structure says it should
  too_large,           // input exceeds a configured limit (bytes, pixels, dimensions)
  unsupported_format,  // the bytes are not a media format Vigil decodes
  empty_input,         // zero bytes, or an image with a zero dimension
  malformed_list,      // a hash list record is malformed; message names file:line: field
  conflict,            // the state changed under the caller (e.g. a lost outbox lease); retry
  corrupt_data,        // stored data (a bank snapshot, an outbox or audit file) fails its check
  internal,            // a bug in Vigil: please report it
};

// The stable snake_case name of a code, e.g. "decode_failed".
VIGIL_API std::string_view to_string(ErrorCode code) noexcept;

// Parses the stable name back; nullopt for unknown names.
VIGIL_API std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept;

class [[nodiscard]] Status {
 public:
  // Ok.
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status success() { return {}; }

  bool ok() const noexcept { return code_ == ErrorCode::ok; }
  ErrorCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }

  // "ok", or "<code>: <message>".
  VIGIL_API std::string to_string() const;

  // Returns a copy whose message is prefixed with `context: `; the code is kept.
  VIGIL_API Status with_context(std::string_view context) const;

 private:
  ErrorCode code_ = ErrorCode::ok;
  std::string message_;
};

// A value of type T, or the Status that explains why there is none.
// Accessing value() on an error aborts (it is a programming error, not an input error).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(state_).ok()) {
      state_ = Status(ErrorCode::internal, "Result constructed from an ok Status");
    }
  }

  bool ok() const noexcept { return std::holds_alternative<T>(state_); }
  explicit operator bool() const noexcept { return ok(); }

  // The error; Status::success() when a value is held.
  Status status() const { return ok() ? Status::success() : std::get<Status>(state_); }

  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->checked(); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->checked(); }

 private:
  T& checked() {
    if (!ok()) std::abort();
    return std::get<T>(state_);
  }
  std::variant<T, Status> state_;
};

}  // namespace vigil
