#include "reporter_host.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "logging/log.hpp"

namespace vigil::report {
namespace {

constexpr std::size_t kCodeCapacity = 64;
constexpr std::size_t kReceiptCapacity = 256;

// The context behind vigil_delivery_host for one deliver() call.
struct DeliveryContext {
  Lease* lease;
  Outbox* outbox;
  AuditLog* audit;
  std::string failure;  // why the last save/restart was refused, for the log

  // Keeps the lease alive during long deliveries (every saved step renews it).
  void renew() {
    if (Status s = outbox->renew(*lease); !s.ok()) failure = s.message();
  }

  // The callbacks run inside the plugin's call: nothing may escape them.
  static vigil_status save(void* context, const char* stage, const char* checkpoint,
                           const char* remote_id) noexcept {
    try {
      return static_cast<DeliveryContext*>(context)->do_save(stage, checkpoint, remote_id);
    } catch (...) {
      return VIGIL_ERROR_FAILED;
    }
  }
  static vigil_status restart(void* context) noexcept {
    try {
      return static_cast<DeliveryContext*>(context)->do_restart();
    } catch (...) {
      return VIGIL_ERROR_FAILED;
    }
  }
  static void audit_event(void* context, const char* event, const char* fields_json) noexcept {
    try {
      static_cast<DeliveryContext*>(context)->do_audit(event, fields_json);
    } catch (...) {
      logging::host_logger().error("audit: an event from a reporter could not be recorded");
    }
  }

  vigil_status do_save(const char* stage, const char* checkpoint, const char* remote_id) {
    if (stage == nullptr || checkpoint == nullptr || remote_id == nullptr) {
      failure = "save() with a null argument";
      return VIGIL_ERROR_INVALID_ARGUMENT;
    }
    auto state = outbox_state_from_string(stage);
    if (!state || is_terminal(*state) || *state == OutboxState::handed_off) {
      failure = std::string("save() with stage '") + stage + "'";
      return VIGIL_ERROR_INVALID_ARGUMENT;
    }
    if (Status s = outbox->advance(*lease, *state, checkpoint, remote_id); !s.ok()) {
      failure = s.message();
      return VIGIL_ERROR_FAILED;
    }
    renew();
    return VIGIL_OK;
  }

  vigil_status do_restart() {
    if (Status s = outbox->restart(*lease); !s.ok()) {
      failure = s.message();
      return VIGIL_ERROR_FAILED;
    }
    return VIGIL_OK;
  }

  void do_audit(const char* event, const char* fields_json) {
    if (event == nullptr) return;
    nlohmann::json fields = nlohmann::json::parse(fields_json ? fields_json : "", nullptr, false);
    if (!fields.is_object()) fields = {{"plugin_fields", "invalid"}};
    audit_row_event(audit, event, *lease, std::move(fields));
  }
};

// The longest Retry-After honoured: anything longer is the schedule's business.
constexpr std::int64_t kMaxRetryAfterMs = 7LL * 24 * 3600 * 1000;

// `receipt` and `code` are the host's own buffers (terminated by the caller): the plugin
// may have overwritten the pointers in `raw`, so they are never read through it.
DeliveryOutcome outcome_of(vigil_status status, const vigil_delivery_outcome& raw,
                           const char* receipt, const char* code,
                           plugin_host::PluginMessage& message, const std::string& who) {
  DeliveryOutcome outcome;
  if (status == VIGIL_OK) {
    switch (raw.result) {
      case VIGIL_DELIVERY_FILED:
        outcome.kind = DeliveryOutcome::Kind::filed;
        break;
      case VIGIL_DELIVERY_RETRACTED:
        outcome.kind = DeliveryOutcome::Kind::retracted;
        break;
      case VIGIL_DELIVERY_HANDED_OFF:
        outcome.kind = DeliveryOutcome::Kind::handed_off;
        break;
      default:
        outcome.kind = DeliveryOutcome::Kind::retry_later;
        outcome.code = "plugin_error";
        outcome.message =
            who + " returned success with unknown result " + std::to_string(raw.result);
        return outcome;
    }
    outcome.remote_id = receipt;
    return outcome;
  }
  outcome.code = code;
  outcome.message = plugin_host::message_from(message);
  if (status == VIGIL_ERROR_PERMANENT) {
    outcome.kind = DeliveryOutcome::Kind::permanent;
    if (outcome.code.empty()) outcome.code = "permanent";
  } else {
    // RETRY_LATER, and any other status: a plugin fault is not proof that retrying is
    // hopeless, and the retry schedule's give-up time bounds the cost.
    outcome.kind = DeliveryOutcome::Kind::retry_later;
    if (status != VIGIL_ERROR_RETRY_LATER) {
      outcome.message = who + " " + plugin_host::status_name(status) + ": " + outcome.message;
      outcome.code = "plugin_error";
    }
    if (outcome.code.empty()) outcome.code = "retry_later";
    outcome.retry_after_ms = std::clamp<std::int64_t>(raw.retry_after_ms, 0, kMaxRetryAfterMs);
  }
  return outcome;
}

}  // namespace

void audit_row_event(AuditLog* audit, const char* event, const Lease& lease,
                     nlohmann::json fields) {
  if (audit == nullptr) return;
  fields["case_id"] = lease.case_id;
  fields["row_id"] = lease.row_id;
  fields["destination"] = lease.destination;
  if (auto s = audit->append(event, fields.dump()); !s.ok()) {
    logging::host_logger().error("audit: cannot record {} for row {}: {}", event, lease.row_id,
                                 s.status().message());
  }
}

ReporterHost::ReporterHost(std::string name, std::unique_ptr<plugin_host::PluginInstance> plugin)
    : name_(std::move(name)), plugin_(std::move(plugin)) {}

Result<std::unique_ptr<ReporterHost>> ReporterHost::create(
    std::string name, const vigil_plugin_descriptor& descriptor,
    const std::vector<plugin_host::ResolvedSetting>& settings) {
  auto plugin = plugin_host::PluginInstance::create(descriptor, settings);
  if (!plugin.ok()) return plugin.status();
  return std::unique_ptr<ReporterHost>(
      new ReporterHost(std::move(name), std::move(plugin).value()));
}

DeliveryOutcome ReporterHost::deliver(Lease& lease, Outbox& outbox, AuditLog* audit) const {
  DeliveryContext context{&lease, &outbox, audit, {}};
  vigil_delivery_host host{&context, &DeliveryContext::save, &DeliveryContext::restart,
                           &DeliveryContext::audit_event};
  const std::string key = lease.case_id + "/" + lease.destination;
  const std::string stage(to_string(lease.state));
  vigil_delivery view{sizeof(vigil_delivery),
                      lease.report_json.c_str(),
                      key.c_str(),
                      stage.c_str(),
                      lease.checkpoint.c_str(),
                      lease.remote_id.c_str(),
                      lease.retract_requested ? 1 : 0,
                      lease.attempts};
  char receipt[kReceiptCapacity] = {};
  char code[kCodeCapacity] = {};
  vigil_delivery_outcome raw{
      sizeof(vigil_delivery_outcome), 0, receipt, sizeof receipt, code, sizeof code, 0};
  plugin_host::PluginMessage message{};
  const std::string who = "reporter '" + name_ + "' (" + plugin_->id() + ")";
  vigil_status status = VIGIL_ERROR_FAILED;
  try {
    status = plugin_->descriptor().reporter->deliver(plugin_->handle(), &view, &host, &raw,
                                                     message.data(), message.size());
  } catch (...) {
    DeliveryOutcome outcome;
    outcome.code = "plugin_error";
    outcome.message = who + " let an exception escape deliver()";
    return outcome;
  }
  receipt[kReceiptCapacity - 1] = '\0';
  code[kCodeCapacity - 1] = '\0';
  DeliveryOutcome outcome = outcome_of(status, raw, receipt, code, message, who);
  if (!context.failure.empty() && outcome.kind == DeliveryOutcome::Kind::retry_later) {
    outcome.message += " (host: " + context.failure + ")";
  }
  return outcome;
}

}  // namespace vigil::report
