// jsonl_file_reporter: files each report as one line of a JSON Lines file, for platforms
// whose review tooling tails a file (or for an air-gapped hand-carry to a hotline).
//
// Settings (config_fields): path (required; the directory must exist), fsync (default
// true). Each line is
//   {"idempotency_key": .., "case_id": .., "destination": .., "delivered_at": "<UTC>",
//    "report": <the vigil.report/1 object>}
// The file holds the whole report, personal data included: it is created with mode 0600;
// protect and retain it like the outbox.
//
// deliver() appends at most one line per idempotency key, across crashes, threads and
// processes (see jsonl_append.hpp), and returns `filed` (remote_id ""), also when the line
// was already there. I/O errors -> retry_later(.., "io"). A malformed report ->
// permanent_failure(.., "invalid_report"). A retraction request returns `retracted` when
// no line was written, `filed` when one already was (a written line cannot be withdrawn).
// Each call is audited as "file_append" {"destination", "endpoint": "jsonl_file",
// "appended", "duration_ms"} (no path, no content).
//
// Thread-safety: deliver() may be called concurrently for different reports.
#pragma once

#include <vigil/plugin.hpp>

#include "jsonl_file/jsonl_append.hpp"

namespace vigil::portal {

class jsonl_file_reporter : public vigil::plugin::reporter {
 public:
  static constexpr vigil_config_field config_fields[] = {jsonl_fields::path, jsonl_fields::fsync};

  // Throws vigil::plugin::error (INVALID_ARGUMENT) without a path.
  jsonl_file_reporter(const vigil::plugin::settings& settings, const vigil::plugin::host& host);

  vigil::plugin::delivery_receipt deliver(const vigil::plugin::delivery& request) override;

 private:
  jsonl_appender appender_;
};

}  // namespace vigil::portal
