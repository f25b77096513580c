// CyberTiplineClient: one call of NCMEC's CyberTipline Reporting API, classified.
//
// Each method performs one endpoint call (with HTTP Basic auth), retrying transient
// failures (network errors, timeouts, HTTP 5xx/429/408, response codes 1000/1100/1300/
// 1110/1111) up to `call_attempts` times with exponential backoff and jitter between
// `backoff_min_ms` and `backoff_max_ms` (Retry-After honoured), paced by a token bucket
// (max_calls_per_second) and a circuit breaker, then returns a CallOutcome
// saying what the caller must do. Every attempt is recorded through the delivery's audit
// hook: endpoint, Request-ID, HTTP status, responseCode, duration. Never throws for
// network or protocol problems; never logs credentials or bodies.
//
// Thread-safety: calls may run concurrently on one client.
#pragma once

#include <vigil/plugin.hpp>

#include <atomic>
#include <cstdint>
#include <string>

#include "credentials.hpp"
#include "cybertipline/response.hpp"
#include "http/http_client.hpp"
#include "response_codes.hpp"
#include "token_bucket.hpp"

namespace vigil::portal {

struct CallOutcome {
  CodeAction action = CodeAction::retry;
  int response_code = -1;  // -1: no responseCode (HTTP error, network, empty body)
  long http_status = 0;    // 0: no HTTP response
  std::string request_id;  // the response's Request-ID header, "" when none
  cybertipline::Response response;
  std::string reason;   // machine code when not success: "4100", "http_401", "network", ...
  std::string message;  // for operators when not success
  std::int64_t retry_after_ms = 0;
};

struct CyberTiplineClientOptions {
  std::string base_url;  // e.g. https://exttest.cybertip.org/ispws (no trailing slash)
  Credentials credentials;
  HttpClientOptions http;
  long connect_timeout_ms = 10'000;
  long timeout_ms = 120'000;
  int call_attempts = 3;
  std::int64_t backoff_min_ms = 1'000;
  std::int64_t backoff_max_ms = 30'000;
  // Consecutive transient failures (across calls) that open the circuit breaker, and how
  // long it stays open; while open every call fails fast with reason "circuit_open".
  int breaker_threshold = 5;
  std::int64_t breaker_open_ms = 60'000;
  // Calls per second to the service, with bursts of as many (token bucket); 0: unpaced.
  double max_calls_per_second = 10;
};

class CyberTiplineClient {
 public:
  explicit CyberTiplineClient(CyberTiplineClientOptions options);

  CallOutcome status(const plugin::delivery& audit) const;
  CallOutcome submit(const std::string& report_xml, const plugin::delivery& audit) const;
  CallOutcome upload(const std::string& report_id, const std::string& path,
                     const std::string& file_name, const plugin::delivery& audit) const;
  CallOutcome file_info(const std::string& file_details_xml, const plugin::delivery& audit) const;
  CallOutcome finish(const std::string& report_id, const plugin::delivery& audit) const;
  CallOutcome retract(const std::string& report_id, const plugin::delivery& audit) const;

 private:
  CallOutcome call(const std::string& endpoint, HttpRequest request,
                   const plugin::delivery& audit) const;
  CallOutcome attempt(const std::string& endpoint, const HttpRequest& request,
                      const plugin::delivery& audit) const;
  bool breaker_open() const;
  void note_result(bool transient_failure) const;

  CyberTiplineClientOptions options_;
  HttpClient http_;
  mutable TokenBucket pacing_;
  mutable std::atomic<int> consecutive_failures_{0};
  mutable std::atomic<std::int64_t> breaker_until_ms_{0};
};

}  // namespace vigil::portal
