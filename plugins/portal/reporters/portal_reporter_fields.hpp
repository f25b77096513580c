// The settings of the webhook, file and portal-handoff reporters, for the org.vigil.portal
// descriptor (plugin.cpp), which declares every kind's settings in one static array.
//
// VIGIL_PORTAL_OTHER_FIELDS expands to a comma-separated list of vigil_config_field values:
// each setting once, defined where the reporter that reads it is (webhook_fields,
// jsonl_fields, handoff_fields). It leaves out `kind` and the two settings the merged
// descriptor takes from cybertipline_fields as shared by every kind: `ca_file` and
// `timeout_seconds` (the webhook and handoff reporters read them with a 30 s default when
// absent). The per-kind descriptors (org.vigil.portal.webhook, ...) use each reporter's own
// config_fields instead. None is marked
// required: each reporter's constructor refuses its own missing settings.
#pragma once

#include "handoff/handoff_reporter.hpp"
#include "jsonl_file/jsonl_append.hpp"
#include "webhook/webhook_sender.hpp"

#define VIGIL_PORTAL_OTHER_FIELDS                                                             \
  ::vigil::portal::webhook_fields::url, ::vigil::portal::webhook_fields::secret_env,          \
      ::vigil::portal::webhook_fields::secret_file, ::vigil::portal::jsonl_fields::path,      \
      ::vigil::portal::jsonl_fields::fsync, ::vigil::portal::handoff_fields::portal_name,     \
      ::vigil::portal::handoff_fields::portal_url, ::vigil::portal::handoff_fields::category, \
      ::vigil::portal::handoff_fields::via,
