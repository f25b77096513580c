// One signed JSON POST to an HTTPS webhook, classified into the reporter outcomes.
//
// The wire contract (what a receiving service implements):
//   POST <url>
//   Content-Type: application/json
//   Idempotency-Key: <the outbox row's idempotency key; the same on every retry>
//   X-Vigil-Format: "report" (a vigil.report/1 document) or "handoff" (a
//                   vigil.portal_handoff/1 document, see handoff/handoff_document.hpp)
//   X-Vigil-Timestamp: <Unix seconds when this attempt was sent>
//   X-Vigil-Signature: sha256=<lowercase hex HMAC-SHA256 of the exact body bytes, keyed
//                      with the shared secret>
// A receiver verifies the signature over the raw body (constant-time compare), and
// deduplicates on Idempotency-Key: a retry after a lost response sends the same key and
// body again. The timestamp is NOT covered by the signature.
//
// Outcomes of post():
//   2xx                         -> returns the response JSON's "id" (string or number, at
//                                  most 255 bytes), or ""
//   408, 425, 429, 5xx          -> throws retry_later(.., "http_<status>"), retry_after_ms from
//                                  Retry-After (seconds or HTTP-date, capped at 24 h)
//   network error / timeout     -> throws retry_later(.., "network" / "timeout")
//   any other status (3xx, 4xx) -> throws permanent_failure(.., "http_<status>")
// Every attempt is audited: delivery::audit("api_call", {"destination", "endpoint":
// "webhook", "host", "status", "duration_ms", ["request_id"], ["error"]}); the host name only,
// never the URL (its query string may carry a token).
//
// Thread-safety: post() is const and may run concurrently. The secret is loaded once, at
// construction, and is never logged.
#pragma once

#include <vigil/plugin.hpp>

#include <string>
#include <string_view>

#include "http/http_client.hpp"

namespace vigil::portal {

// The settings a webhook destination reads; shared verbatim by every reporter that posts
// to a webhook, so a merged plugin descriptor holds one definition of each.
struct webhook_fields {
  static constexpr vigil_config_field url{
      "url", VIGIL_SETTING_STRING,
      "webhook endpoint: https://..., or http:// to 127.0.0.1/localhost for tests (required)",
      nullptr, 0};
  static constexpr vigil_config_field secret_env{
      "secret_env", VIGIL_SETTING_STRING,
      "environment variable holding the HMAC-SHA256 signing secret", "VIGIL_WEBHOOK_SECRET", 0};
  static constexpr vigil_config_field secret_file{
      "secret_file", VIGIL_SETTING_PATH,
      "file holding the signing secret (whitespace trimmed); wins over secret_env", nullptr, 0};
  static constexpr vigil_config_field timeout_seconds{
      "timeout_seconds", VIGIL_SETTING_INTEGER, "timeout of one webhook call, 1..600 s", "30", 0};
  static constexpr vigil_config_field ca_file{
      "ca_file", VIGIL_SETTING_PATH,
      "extra CA bundle (PEM) for a private endpoint; empty: the system store", nullptr, 0};
};

class webhook_sender {
 public:
  // Reads the webhook_fields settings. Throws vigil::plugin::error (INVALID_ARGUMENT) for a
  // missing or refused url or a bad timeout, and permanent_failure(.., "config") when the
  // secret cannot be loaded (see secret_source.hpp).
  static webhook_sender from_settings(const vigil::plugin::settings& settings);

  webhook_sender(std::string url, std::string secret, long timeout_ms, std::string ca_file);

  // Sends `body` (exact bytes, signed) for `request`; see the file comment for outcomes.
  // `format` is sent as X-Vigil-Format; `destination` goes into the audit record.
  std::string post(const vigil::plugin::delivery& request, const std::string& body,
                   std::string_view format, std::string_view destination) const;

  const std::string& host() const noexcept { return host_; }

 private:
  HttpClient client_;
  std::string url_;
  std::string host_;
  std::string secret_;
  long timeout_ms_;
};

}  // namespace vigil::portal
