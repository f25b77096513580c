// handoff_reporter: the IWF/ICMEC country-portal handoff. Country reporting portals (such
// as the one IWF runs with ICMEC for Argentina) are public web forms with no API for
// platforms, and Vigil must not automate them. This reporter never contacts a portal: it
// turns a report about content at an external URL into a prefilled handoff document for a
// person (see handoff_document.hpp) and delivers that document to the platform's own
// staff, through a signed webhook or a JSON Lines file. The person files it on the portal
// and then runs `vigil report done <row id>`.
//
// Settings (config_fields):
//   portal_name, portal_url (required; portal_url https://), category (default "child
//   sexual abuse material"), via = "webhook" | "file" (required);
//   via = "webhook": url (required), secret_env (default VIGIL_WEBHOOK_SECRET),
//     secret_file, timeout_seconds (default 30), ca_file - the same settings and wire
//     contract as webhook_reporter, with X-Vigil-Format: handoff (webhook_sender.hpp);
//   via = "file": path (required), fsync (default true) - the same JSONL semantics as
//     jsonl_file_reporter: one line per idempotency key, never two (jsonl_append.hpp).
//
// deliver(): a report without content_url -> permanent_failure(.., "no_content_url");
// otherwise the document is delivered and the result is `handed_off` (the host parks the
// row until a person marks it done); remote_id is the webhook response's "id", if any.
// Webhook failures are classified as in webhook_sender.hpp; file I/O errors ->
// retry_later(.., "io"). A retraction request returns `retracted` without delivering
// anything (a document handed over by an earlier attempt whose outcome was lost is not
// recalled).
//
// Errors at construction: vigil::plugin::error (INVALID_ARGUMENT) for missing or invalid
// settings, permanent_failure(.., "config") when via = "webhook" has no secret.
// Thread-safety: deliver() may be called concurrently for different reports.
#pragma once

#include <vigil/plugin.hpp>

#include <optional>

#include "handoff/handoff_document.hpp"
#include "jsonl_file/jsonl_append.hpp"
#include "webhook/webhook_sender.hpp"

namespace vigil::portal {

struct handoff_fields {
  static constexpr vigil_config_field portal_name{
      "portal_name", VIGIL_SETTING_STRING,
      "handoff: the portal's name as people know it, e.g. \"IWF portal (Argentina)\" (required)",
      nullptr, 0};
  static constexpr vigil_config_field portal_url{
      "portal_url", VIGIL_SETTING_STRING, "handoff: the portal's public form, https:// (required)",
      nullptr, 0};
  static constexpr vigil_config_field category{
      "category", VIGIL_SETTING_STRING, "handoff: the category the person chooses in the form",
      "child sexual abuse material", 0};
  static constexpr vigil_config_field via{
      "via", VIGIL_SETTING_STRING,
      "handoff: how the document reaches staff: \"webhook\" (url, secret_*) or \"file\" (path) "
      "(required)",
      nullptr, 0};
};

class handoff_reporter : public vigil::plugin::reporter {
 public:
  static constexpr vigil_config_field config_fields[] = {
      handoff_fields::portal_name, handoff_fields::portal_url,
      handoff_fields::category,    handoff_fields::via,
      webhook_fields::url,         webhook_fields::secret_env,
      webhook_fields::secret_file, webhook_fields::timeout_seconds,
      webhook_fields::ca_file,     jsonl_fields::path,
      jsonl_fields::fsync,
  };

  handoff_reporter(const vigil::plugin::settings& settings, const vigil::plugin::host& host);

  vigil::plugin::delivery_receipt deliver(const vigil::plugin::delivery& request) override;

 private:
  portal_target portal_;
  std::optional<webhook_sender> webhook_;  // via = "webhook"
  std::optional<jsonl_appender> file_;     // via = "file"
};

}  // namespace vigil::portal
