// The bundled reporter plugins, several in one library (a descriptor table), each
// declaring only its own settings:
//   org.vigil.portal.cybertipline  NCMEC's CyberTipline Reporting API (cybertipline_reporter/)
//   org.vigil.portal.webhook       HMAC-signed HTTPS JSON POST to the platform's own queue
//                                  (webhook/)
//   org.vigil.portal.file          one JSON line per report in a local file (jsonl_file/)
//   org.vigil.portal.handoff       a prefilled handoff for a person to submit to a country
//                                  portal such as IWF/ICMEC's; never posted automatically
//                                  (handoff/)
// and, for existing configurations, org.vigil.portal, whose `kind` setting (cybertipline,
// webhook, file or portal-handoff) picks one of them; it declares the settings of every
// kind and each reporter checks the ones it needs when it is created.
#include <vigil/plugin.hpp>

#include <memory>

#include "cybertipline_reporter/cybertipline_reporter.hpp"
#include "handoff/handoff_reporter.hpp"
#include "jsonl_file/jsonl_file_reporter.hpp"
#include "reporters/portal_reporter_fields.hpp"
#include "webhook/webhook_reporter.hpp"

namespace vigil::portal {
namespace {

// org.vigil.portal: one reporter of any kind, picked by `kind`.
class portal_reporter : public plugin::reporter {
 public:
  static constexpr vigil_config_field config_fields[] = {
      {"kind", VIGIL_SETTING_STRING, "cybertipline, webhook, file or portal-handoff", nullptr, 1},
      cybertipline_fields::environment,
      cybertipline_fields::base_url,
      cybertipline_fields::credentials_env,
      cybertipline_fields::credentials_file,
      cybertipline_fields::reporter_first_name,
      cybertipline_fields::reporter_last_name,
      cybertipline_fields::reporter_email,
      cybertipline_fields::call_attempts,
      cybertipline_fields::backoff_min_ms,
      cybertipline_fields::backoff_max_ms,
      cybertipline_fields::breaker_failures,
      cybertipline_fields::breaker_open_seconds,
      cybertipline_fields::max_calls_per_second,
      // shared
      cybertipline_fields::ca_file,
      cybertipline_fields::timeout_seconds,
      VIGIL_PORTAL_OTHER_FIELDS};

  portal_reporter(const plugin::settings& settings, const plugin::host& host)
      : delegate_(make(settings, host)) {}

  plugin::delivery_receipt deliver(const plugin::delivery& request) override {
    return delegate_->deliver(request);
  }

 private:
  static std::unique_ptr<plugin::reporter> make(const plugin::settings& settings,
                                                const plugin::host& host) {
    const std::string kind = settings.get_string("kind");
    if (kind == "cybertipline") return std::make_unique<cybertipline_reporter>(settings, host);
    if (kind == "webhook") return std::make_unique<webhook_reporter>(settings, host);
    if (kind == "file") return std::make_unique<jsonl_file_reporter>(settings, host);
    if (kind == "portal-handoff") return std::make_unique<handoff_reporter>(settings, host);
    throw plugin::error(
        "unknown kind '" + kind + "' (expected cybertipline, webhook, file or portal-handoff)",
        VIGIL_ERROR_INVALID_ARGUMENT);
  }

  std::unique_ptr<plugin::reporter> delegate_;
};

constexpr const char* kVersion = "0.1.0";

constinit const vigil_plugin_descriptor kCyberTipline =
    plugin::reporter_descriptor<cybertipline_reporter>(
        "org.vigil.portal.cybertipline", kVersion,
        "Files reports with NCMEC's CyberTipline Reporting API");
constinit const vigil_plugin_descriptor kWebhook = plugin::reporter_descriptor<webhook_reporter>(
    "org.vigil.portal.webhook", kVersion,
    "Posts each report as HMAC-signed JSON to the platform's own HTTPS endpoint");
constinit const vigil_plugin_descriptor kFile = plugin::reporter_descriptor<jsonl_file_reporter>(
    "org.vigil.portal.file", kVersion, "Appends each report as one JSON line to a local file");
constinit const vigil_plugin_descriptor kHandoff = plugin::reporter_descriptor<handoff_reporter>(
    "org.vigil.portal.handoff", kVersion,
    "Prepares a prefilled report for a person to submit to a country portal");
constinit const vigil_plugin_descriptor kByKind = plugin::reporter_descriptor<portal_reporter>(
    "org.vigil.portal", kVersion,
    "Files reports: NCMEC CyberTipline, webhook, JSON-lines file, portal handoff");

}  // namespace
}  // namespace vigil::portal

VIGIL_PLUGIN_TABLE(&vigil::portal::kByKind, &vigil::portal::kCyberTipline, &vigil::portal::kWebhook,
                   &vigil::portal::kFile, &vigil::portal::kHandoff)
