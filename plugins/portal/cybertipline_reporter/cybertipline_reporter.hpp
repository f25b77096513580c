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
// reporter_last_name, reporter_email, ca_file, timeouts and retry knobs (see plugin.cpp).
#pragma once

#include <vigil/plugin.hpp>

#include "cybertipline/report_xml.hpp"
#include "cybertipline_client.hpp"

namespace vigil::portal {

class cybertipline_reporter : public plugin::reporter {
 public:
  cybertipline_reporter(const plugin::settings& settings, const plugin::host& host);
  plugin::delivery_receipt deliver(const plugin::delivery& request) override;

 private:
  plugin::delivery_receipt withdraw(const plugin::delivery& request) const;

  plugin::host host_;
  cybertipline::ReportingPerson person_;
  CyberTiplineClient client_;
};

}  // namespace vigil::portal
