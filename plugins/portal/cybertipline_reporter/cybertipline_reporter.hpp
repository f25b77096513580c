// The CyberTipline reporter (kind = "cybertipline"): files one report with NCMEC.
//
// deliver() resumes from the row's saved stage and walks the protocol, saving progress
// after every step so a crash anywhere resumes without losing or filing twice:
//   pending        -> POST /submit                 save submitted(reportId)
//   submitted      -> POST /upload per file, MD5   save after each file, then files_uploaded
//   files_uploaded -> POST /fileinfo per file      save after each, then details_sent
//   details_sent   -> save finishing, then POST /finish
//   finishing      -> POST /finish (again): 0 or 5102 -> filed
// 5001 (the report expired or was withdrawn) restarts from /submit; 5102 means filed.
// With retract_requested, an open report is withdrawn with /retract (5102: it was filed).
// Terminal codes (401, 2000-3300, 4xxx, 1210) are permanent failures for an operator.
//
// Settings: environment ("test" | "production"), base_url (override, e.g. the loopback
// test portal), credentials_env / credentials_file, reporter_first_name,
// reporter_last_name, reporter_email, ca_file, timeouts and retry knobs (config_fields).
#pragma once

#include <vigil/plugin.hpp>

#include "cybertipline/report_xml.hpp"
#include "cybertipline_client.hpp"

namespace vigil::portal {

// The settings the CyberTipline reporter reads, each defined once so that the
// org.vigil.portal.cybertipline descriptor and the merged org.vigil.portal one share them.
struct cybertipline_fields {
  static constexpr vigil_config_field environment{"environment", VIGIL_SETTING_STRING,
                                                  "cybertipline: test or production", "test", 0};
  static constexpr vigil_config_field base_url{
      "base_url", VIGIL_SETTING_STRING,
      "cybertipline: override the service URL (e.g. the loopback test portal)", nullptr, 0};
  static constexpr vigil_config_field credentials_env{
      "credentials_env", VIGIL_SETTING_STRING_LIST,
      "cybertipline: environment variables holding the user and the password",
      "VIGIL_CT_USER,VIGIL_CT_PASSWORD", 0};
  static constexpr vigil_config_field credentials_file{
      "credentials_file", VIGIL_SETTING_PATH,
      "cybertipline: file with the user and the password (instead of credentials_env)", nullptr, 0};
  static constexpr vigil_config_field reporter_first_name{
      "reporter_first_name", VIGIL_SETTING_STRING, "cybertipline: reporting person", nullptr, 0};
  static constexpr vigil_config_field reporter_last_name{
      "reporter_last_name", VIGIL_SETTING_STRING, "cybertipline: reporting person", nullptr, 0};
  static constexpr vigil_config_field reporter_email{"reporter_email", VIGIL_SETTING_STRING,
                                                     "cybertipline: reporting person", nullptr, 0};
  static constexpr vigil_config_field call_attempts{
      "call_attempts", VIGIL_SETTING_INTEGER, "cybertipline: tries per call before rescheduling",
      "3", 0};
  static constexpr vigil_config_field backoff_min_ms{"backoff_min_ms", VIGIL_SETTING_INTEGER,
                                                     "cybertipline: first backoff between tries",
                                                     "1000", 0};
  static constexpr vigil_config_field backoff_max_ms{"backoff_max_ms", VIGIL_SETTING_INTEGER,
                                                     "cybertipline: longest backoff between tries",
                                                     "30000", 0};
  static constexpr vigil_config_field breaker_failures{
      "breaker_failures", VIGIL_SETTING_INTEGER,
      "cybertipline: consecutive transient failures that pause calls", "5", 0};
  static constexpr vigil_config_field breaker_open_seconds{
      "breaker_open_seconds", VIGIL_SETTING_INTEGER,
      "cybertipline: how long calls pause once the breaker opens", "60", 0};
  static constexpr vigil_config_field max_calls_per_second{
      "max_calls_per_second", VIGIL_SETTING_INTEGER,
      "cybertipline: pace calls to the service (token bucket); 0: unpaced", "10", 0};
  // Shared with the other kinds in the merged org.vigil.portal descriptor.
  static constexpr vigil_config_field ca_file{"ca_file", VIGIL_SETTING_PATH,
                                              "extra CA bundle (PEM) for HTTPS", nullptr, 0};
  static constexpr vigil_config_field timeout_seconds{"timeout_seconds", VIGIL_SETTING_INTEGER,
                                                      "timeout of one HTTP exchange", nullptr, 0};
};

class cybertipline_reporter : public plugin::reporter {
 public:
  static constexpr vigil_config_field config_fields[] = {
      cybertipline_fields::environment,          cybertipline_fields::base_url,
      cybertipline_fields::credentials_env,      cybertipline_fields::credentials_file,
      cybertipline_fields::reporter_first_name,  cybertipline_fields::reporter_last_name,
      cybertipline_fields::reporter_email,       cybertipline_fields::call_attempts,
      cybertipline_fields::backoff_min_ms,       cybertipline_fields::backoff_max_ms,
      cybertipline_fields::breaker_failures,     cybertipline_fields::breaker_open_seconds,
      cybertipline_fields::max_calls_per_second, cybertipline_fields::ca_file,
      cybertipline_fields::timeout_seconds};

  cybertipline_reporter(const plugin::settings& settings, const plugin::host& host);
  plugin::delivery_receipt deliver(const plugin::delivery& request) override;

 private:
  plugin::delivery_receipt withdraw(const plugin::delivery& request) const;

  plugin::host host_;
  cybertipline::ReportingPerson person_;
  CyberTiplineClient client_;
};

}  // namespace vigil::portal
