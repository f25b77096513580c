// webhook_reporter: files each report by POSTing its vigil.report/1 JSON to an HTTPS
// webhook (the platform's own review queue, a SIEM, a case-management system).
//
// Settings (config_fields): url (required), secret_env (default VIGIL_WEBHOOK_SECRET),
// secret_file, timeout_seconds (default 30), ca_file. The signing secret comes from the
// file or the environment variable, never from the configuration itself.
//
// deliver() sends the report's exact bytes, signed, with X-Vigil-Format: report and the
// row's Idempotency-Key (see webhook_sender.hpp for the wire contract and the outcomes):
//   2xx -> filed, remote_id = the response JSON's "id" if any;
//   408/425/429/5xx, network, timeout -> retry_later ("http_<status>", "network", "timeout"),
//   honouring Retry-After; other statuses -> permanent_failure("http_<status>").
// A row whose retraction was requested is answered `retracted` without a call (nothing of
// a webhook filing can be withdrawn; an earlier attempt whose response was lost may still
// have reached the receiver).
//
// Errors at construction: vigil::plugin::error (INVALID_ARGUMENT) for a missing or refused
// url, permanent_failure(.., "config") for a missing secret.
// Thread-safety: deliver() may be called concurrently for different reports.
#pragma once

#include <vigil/plugin.hpp>

#include "webhook/webhook_sender.hpp"

namespace vigil::portal {

class webhook_reporter : public vigil::plugin::reporter {
 public:
  static constexpr vigil_config_field config_fields[] = {
      webhook_fields::url,         webhook_fields::secret_env,
      webhook_fields::secret_file, webhook_fields::timeout_seconds,
      webhook_fields::ca_file,
  };

  webhook_reporter(const vigil::plugin::settings& settings, const vigil::plugin::host& host);

  vigil::plugin::delivery_receipt deliver(const vigil::plugin::delivery& request) override;

 private:
  webhook_sender sender_;
};

}  // namespace vigil::portal
