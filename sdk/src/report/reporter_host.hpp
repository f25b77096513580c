// Internal: one configured reporter ([[reporter]]) and its plugin instance, called safely.
//
// deliver() hands one leased outbox row to the plugin with the host services of the ABI:
// save() and restart() persist progress through the outbox under the row's lease (and
// renew the lease as the delivery goes on), audit() appends to the audit log with the
// row's identifiers added. Whatever the plugin does - return a status, throw through the
// C ABI, write garbage into the outcome - comes back as a DeliveryOutcome; the outbox row
// itself is only changed through save()/restart() here, and finished by the caller.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plugin_host/plugin_instance.hpp"
#include "vigil/audit_log.hpp"
#include "vigil/outbox.hpp"

namespace vigil::report {

// Appends `event` for the row `lease` holds: `fields` plus the row's case id, row id and
// destination. Does nothing without an audit log; a failure is logged, not returned
// (auditing never stops a delivery).
void audit_row_event(AuditLog* audit, const char* event, const Lease& lease, nlohmann::json fields);

struct DeliveryOutcome {
  enum class Kind { filed, retracted, handed_off, retry_later, permanent };
  Kind kind = Kind::retry_later;
  std::string remote_id;  // filed/handed_off: the destination's id for the report
  std::string code;       // retry_later/permanent: short machine code
  std::string message;    // retry_later/permanent: for operators
  std::int64_t retry_after_ms = 0;
};

class ReporterHost {
 public:
  static Result<std::unique_ptr<ReporterHost>> create(
      std::string name, const vigil_plugin_descriptor& descriptor,
      const std::vector<plugin_host::ResolvedSetting>& settings);

  const std::string& name() const { return name_; }
  const std::string& plugin_id() const { return plugin_->id(); }

  // Drives the row `lease` holds. Thread-safe (plugins must accept concurrent calls).
  DeliveryOutcome deliver(Lease& lease, Outbox& outbox, AuditLog* audit) const;

 private:
  ReporterHost(std::string name, std::unique_ptr<plugin_host::PluginInstance> plugin);

  std::string name_;
  std::unique_ptr<plugin_host::PluginInstance> plugin_;
};

}  // namespace vigil::report
