#include "plugin_instance.hpp"

#include "logging/log.hpp"

namespace vigil::plugin_host {

std::string status_name(vigil_status status) {
  switch (status) {
    case VIGIL_ERROR_INVALID_ARGUMENT:
      return "invalid argument";
    case VIGIL_ERROR_UNSUPPORTED:
      return "unsupported";
    case VIGIL_ERROR_FAILED:
      return "failed";
    case VIGIL_ERROR_RETRY_LATER:
      return "retry later";
    case VIGIL_ERROR_PERMANENT:
      return "permanent failure";
    default:
      return "unknown status " + std::to_string(status);
  }
}

std::string message_from(PluginMessage& buffer) {
  buffer.back() = '\0';  // a plugin may have filled it without a terminator
  return buffer[0] != '\0' ? std::string(buffer.data()) : std::string("(no message)");
}

PluginInstance::PluginInstance(const vigil_plugin_descriptor& descriptor)
    : descriptor_(descriptor), id_(descriptor.id), logger_(logging::plugin_logger(descriptor.id)) {
  host_api_.struct_size = sizeof(vigil_host_api);
  host_api_.host_context = this;
  host_api_.log = &PluginInstance::log_from_plugin;
}

PluginInstance::~PluginInstance() {
  if (instance_ != nullptr) descriptor_.destroy(instance_);
}

Result<std::unique_ptr<PluginInstance>> PluginInstance::create(
    const vigil_plugin_descriptor& descriptor, const std::vector<ResolvedSetting>& settings) {
  std::unique_ptr<PluginInstance> host(new PluginInstance(descriptor));
  std::vector<vigil_key_value> pairs;
  pairs.reserve(settings.size());
  for (const ResolvedSetting& setting : settings) {
    pairs.push_back({setting.name.c_str(), setting.value.c_str()});
  }
  PluginMessage message{};
  void* instance = nullptr;
  vigil_status status = VIGIL_ERROR_FAILED;
  try {
    status = descriptor.create(&host->host_api_, pairs.data(), pairs.size(), &instance,
                               message.data(), message.size());
  } catch (...) {
    return Status(ErrorCode::plugin_error,
                  "plugin '" + host->id_ + "' let an exception escape create()");
  }
  if (status != VIGIL_OK) {
    return Status(ErrorCode::plugin_error, "plugin '" + host->id_ + "' failed to create (" +
                                               status_name(status) + "): " + message_from(message));
  }
  if (instance == nullptr) {
    return Status(ErrorCode::plugin_error,
                  "plugin '" + host->id_ + "' reported success but created no instance");
  }
  host->instance_ = instance;
  return host;
}

void PluginInstance::log_from_plugin(void* context, vigil_log_level level, const char* message) {
  if (context == nullptr || message == nullptr) return;
  auto& logger = *static_cast<PluginInstance*>(context)->logger_;
  switch (level) {
    case VIGIL_LOG_TRACE:
      logger.trace("{}", message);
      break;
    case VIGIL_LOG_DEBUG:
      logger.debug("{}", message);
      break;
    case VIGIL_LOG_INFO:
      logger.info("{}", message);
      break;
    case VIGIL_LOG_WARN:
      logger.warn("{}", message);
      break;
    default:
      logger.error("{}", message);
      break;
  }
}

}  // namespace vigil::plugin_host
