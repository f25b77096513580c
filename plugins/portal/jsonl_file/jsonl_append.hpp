// jsonl_appender: appends JSON lines to a file at most once per idempotency key, safely
// across threads, processes and crashes. Shared by the JSONL file reporter and the portal
// handoff reporter.
//
// Each line is one JSON object with a string member "idempotency_key". Before appending,
// the appender looks for a line with the same key in the file itself (the file is the only
// source of truth), so a crash after the write but before the host recorded success never
// produces a second line: the retry finds the first one and reports it as already present.
//
// How one append_once() runs:
//   open(O_RDWR | O_APPEND | O_CLOEXEC), creating the file with mode 0600 (the lines may
//   hold personal data) and fsyncing its directory when it is new;
//   flock(LOCK_EX), waiting at most lock_timeout, so writers in other processes and
//   threads take turns;
//   read the lines appended since this object last looked (all of them the first time, or
//   when the file was replaced or truncated), remembering their keys;
//   if the key is present: fdatasync (when fsync is on: the earlier write may not have
//   reached the disk) and return already_present;
//   otherwise ONE write() of the line and its '\n' (preceded by a '\n' if a torn line
//   from a crash lacks one); a short write is truncated away; then fdatasync when fsync is
//   on; return appended.
// Lines that do not parse (a write torn by a power cut) are skipped.
//
// Cost: the first call reads the whole file once; later calls read only what other
// writers appended since. Memory: one string per key in the file.
//
// Errors: I/O failures (open, lock timeout, write, fsync) throw std::system_error; a line
// containing a raw newline throws std::invalid_argument.
// Thread-safety: all members may be called concurrently (an internal mutex serialises
// the calls of one object; flock serialises objects and processes). Not for NFS.
#pragma once

#include <vigil/plugin.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace vigil::portal {

// The settings of a JSONL file destination, shared by every reporter that writes one.
struct jsonl_fields {
  static constexpr vigil_config_field path{
      "path", VIGIL_SETTING_PATH,
      "JSON Lines file to append to (created with mode 0600; its directory must exist; "
      "relative to the configuration file) "
      "(required)",
      nullptr, 0};
  static constexpr vigil_config_field fsync{
      "fsync", VIGIL_SETTING_BOOLEAN, "fdatasync the file after every appended line", "true", 0};
};

struct jsonl_options {
  std::string path;
  bool fsync = true;
  std::chrono::milliseconds lock_timeout{10'000};
};

class jsonl_appender {
 public:
  enum class append_result { appended, already_present };

  // Reads jsonl_fields. Throws vigil::plugin::error (INVALID_ARGUMENT) without a path.
  static jsonl_appender from_settings(const vigil::plugin::settings& settings);

  explicit jsonl_appender(jsonl_options options);
  ~jsonl_appender();
  jsonl_appender(jsonl_appender&&) noexcept;
  jsonl_appender& operator=(jsonl_appender&&) noexcept;

  // Appends `json_line` (one JSON object, no raw newline, whose "idempotency_key" is `key`)
  // unless a line with `key` is already in the file. See the file comment.
  append_result append_once(std::string_view key, std::string_view json_line);

  // Whether a line with `key` is in the file (takes the lock and catches up like
  // append_once; false when there is no file yet, which is not created).
  bool contains(std::string_view key);

  const jsonl_options& options() const noexcept;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace vigil::portal
