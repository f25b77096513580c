// org.vigil.portal: the bundled reporter plugin. One [[reporter]] section creates one
// instance; its `kind` setting picks the reporter:
//   cybertipline    NCMEC's CyberTipline Reporting API (cybertipline_reporter/)
//   webhook         HMAC-signed HTTPS JSON POST to the platform's own queue (webhook/)
//   file            one JSON line per report in a local file (jsonl_file/)
//   portal-handoff  a prefilled handoff for a person to submit to a country portal such as
//                   IWF/ICMEC's; never posted automatically (handoff/)
// The settings of every kind are declared here (the descriptor is static); each reporter
// checks the ones it needs when it is created.
#include <vigil/plugin.hpp>

#include <memory>

#include "cybertipline_reporter/cybertipline_reporter.hpp"
#include "handoff/handoff_reporter.hpp"
#include "jsonl_file/jsonl_file_reporter.hpp"
#include "reporters/portal_reporter_fields.hpp"
#include "webhook/webhook_reporter.hpp"

namespace vigil::portal {
namespace {

class portal_reporter : public plugin::reporter {
 public:
  static constexpr vigil_config_field config_fields[] = {
      {"kind", VIGIL_SETTING_STRING, "cybertipline, webhook, file or portal-handoff", nullptr, 1},
      // cybertipline
      {"environment", VIGIL_SETTING_STRING, "cybertipline: test or production", "test", 0},
      {"base_url", VIGIL_SETTING_STRING,
       "cybertipline: override the service URL (e.g. the loopback test portal)", nullptr, 0},
      {"credentials_env", VIGIL_SETTING_STRING_LIST,
       "cybertipline: environment variables holding the user and the password",
       "VIGIL_CT_USER,VIGIL_CT_PASSWORD", 0},
      {"credentials_file", VIGIL_SETTING_PATH,
       "cybertipline: file with the user and the password (instead of credentials_env)", nullptr,
       0},
      {"reporter_first_name", VIGIL_SETTING_STRING, "cybertipline: reporting person", nullptr, 0},
      {"reporter_last_name", VIGIL_SETTING_STRING, "cybertipline: reporting person", nullptr, 0},
      {"reporter_email", VIGIL_SETTING_STRING, "cybertipline: reporting person", nullptr, 0},
      {"call_attempts", VIGIL_SETTING_INTEGER, "cybertipline: tries per call before rescheduling",
       "3", 0},
      {"backoff_min_ms", VIGIL_SETTING_INTEGER, "cybertipline: first backoff between tries", "1000",
       0},
      {"backoff_max_ms", VIGIL_SETTING_INTEGER, "cybertipline: longest backoff between tries",
       "30000", 0},
      {"breaker_failures", VIGIL_SETTING_INTEGER,
       "cybertipline: consecutive transient failures that pause calls", "5", 0},
      {"breaker_open_seconds", VIGIL_SETTING_INTEGER,
       "cybertipline: how long calls pause once the breaker opens", "60", 0},
      {"max_calls_per_second", VIGIL_SETTING_INTEGER,
       "cybertipline: pace calls to the service (token bucket); 0: unpaced", "10", 0},
      // shared
      {"ca_file", VIGIL_SETTING_PATH, "extra CA bundle (PEM) for HTTPS", nullptr, 0},
      {"timeout_seconds", VIGIL_SETTING_INTEGER, "timeout of one HTTP exchange", nullptr, 0},
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

}  // namespace
}  // namespace vigil::portal

VIGIL_REPORTER_PLUGIN(vigil::portal::portal_reporter, "org.vigil.portal", "0.1.0",
                      "Files reports: NCMEC CyberTipline, webhook, JSON-lines file, portal handoff")
