// ScanResult: everything one scan found out about one upload.
//
// A scan checks as much of an upload as it can. If the upload does not decode (it is not
// an image, or it is truncated or too large) or a detector fails, the failure is recorded
// in `errors` and the scan goes on: the detectors that need only the raw bytes (MD5,
// SHA-*) still run, their signals are still matched and the rules still decide. So an
// upload whose MD5 is on a list is blocked even if it is a video or a truncated JPEG.
//
// Reading a result: `verdict` is what the rules decided from `matches`. An upload with
// a non-empty `errors` was not checked completely: with verdict allow it must not be
// treated as clean without a look at why (see checked_completely()).
//
// Ownership and thread-safety: plain values that own all their data (no pointer into the
// upload or the engine); a copy may be kept, moved to another thread or compared freely.
#pragma once

#include <string>
#include <vector>

#include "vigil/match.hpp"
#include "vigil/signal.hpp"
#include "vigil/status.hpp"
#include "vigil/verdict.hpp"

namespace vigil {

// Why part of an upload could not be checked.
struct ScanError {
  // Who failed: a detector's plugin id, or "decode" when the upload did not decode into
  // pixels (then only byte-level detectors ran).
  std::string detector;
  ErrorCode code = ErrorCode::internal;  // e.g. truncated, unsupported_format, detector_failed
  std::string message;                   // never contains the file name or media bytes

  friend bool operator==(const ScanError&, const ScanError&) = default;
};

struct ScanResult {
  Verdict verdict = Verdict::allow;
  std::vector<Match> matches;   // every match, in bank order
  std::vector<Signal> signals;  // every signal computed, in detector order
  // Detector id for each entry of `signals` (same length).
  std::vector<std::string> signal_sources;
  // Reporters the firing rules route this upload to, each once, in rule order.
  std::vector<std::string> report_to;
  // What could not be checked, in the order it happened; empty when everything ran.
  std::vector<ScanError> errors;
  // The content's MIME type, from its magic bytes (never the file name or a declared
  // type): "image/jpeg", ..., "video/mp4", or "application/octet-stream" when unknown.
  // Empty when the scan was given decoded pixels or signals only.
  std::string media_type;

  // True when the upload decoded (if it had to) and every detector ran.
  bool checked_completely() const noexcept { return errors.empty(); }

  friend bool operator==(const ScanResult&, const ScanResult&) = default;
};

}  // namespace vigil
