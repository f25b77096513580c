#include "vigil/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <map>
#include <mutex>
#include <vector>

#include "json_lines_formatter.hpp"
#include "log.hpp"

namespace vigil {
namespace {

constexpr const char* kTextPattern = "[%Y-%m-%dT%H:%M:%S.%e] [%l] [%n] %v";

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::trace:
      return spdlog::level::trace;
    case LogLevel::debug:
      return spdlog::level::debug;
    case LogLevel::info:
      return spdlog::level::info;
    case LogLevel::warn:
      return spdlog::level::warn;
    case LogLevel::error:
      return spdlog::level::err;
    case LogLevel::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

LogLevel from_spdlog(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return LogLevel::trace;
    case spdlog::level::debug:
      return LogLevel::debug;
    case spdlog::level::info:
      return LogLevel::info;
    case spdlog::level::warn:
      return LogLevel::warn;
    case spdlog::level::err:
    case spdlog::level::critical:
      return LogLevel::error;
    default:
      return LogLevel::off;
  }
}

// Forwards records to the observer set with set_log_observer.
class ObserverSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void set(LogObserver observer) {
    std::lock_guard lock(mutex_);
    observer_ = std::move(observer);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (!observer_) return;
    observer_(from_spdlog(msg.level),
              std::string_view(msg.logger_name.data(), msg.logger_name.size()),
              std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  LogObserver observer_;
};

// The process-wide logging state. Deliberately never destroyed: plugins and static
// destructors may still log during shutdown.
struct LoggingState {
  std::mutex mutex;
  std::shared_ptr<spdlog::sinks::stderr_sink_mt> stderr_sink =
      std::make_shared<spdlog::sinks::stderr_sink_mt>();
  std::shared_ptr<ObserverSink> observer_sink = std::make_shared<ObserverSink>();
  spdlog::level::level_enum level = spdlog::level::warn;  // LogOptions' default
  std::shared_ptr<spdlog::logger> host;
  std::map<std::string, std::shared_ptr<spdlog::logger>> plugins;

  LoggingState() {
    stderr_sink->set_pattern(kTextPattern);
    host = make("vigil");
  }

  std::shared_ptr<spdlog::logger> make(const std::string& name) {
    auto logger =
        std::make_shared<spdlog::logger>(name, spdlog::sinks_init_list{stderr_sink, observer_sink});
    logger->set_level(level);
    logger->flush_on(spdlog::level::warn);
    return logger;
  }
};

LoggingState& state() {
  static auto* instance = new LoggingState();
  return *instance;
}

}  // namespace

namespace logging {

spdlog::logger& host_logger() { return *state().host; }

std::shared_ptr<spdlog::logger> plugin_logger(const std::string& plugin_id) {
  LoggingState& s = state();
  std::lock_guard lock(s.mutex);
  auto& logger = s.plugins[plugin_id];
  if (!logger) logger = s.make(plugin_id);
  return logger;
}

}  // namespace logging

void configure_logging(const LogOptions& options) {
  LoggingState& s = state();
  std::lock_guard lock(s.mutex);
  s.level = to_spdlog(options.level);
  if (options.format == LogFormat::json) {
    s.stderr_sink->set_formatter(std::make_unique<logging::JsonLinesFormatter>());
  } else {
    s.stderr_sink->set_formatter(std::make_unique<spdlog::pattern_formatter>(kTextPattern));
  }
  s.host->set_level(s.level);
  for (auto& [id, logger] : s.plugins) logger->set_level(s.level);
}

std::optional<LogLevel> log_level_from_string(std::string_view name) noexcept {
  if (name == "trace") return LogLevel::trace;
  if (name == "debug") return LogLevel::debug;
  if (name == "info") return LogLevel::info;
  if (name == "warn" || name == "warning") return LogLevel::warn;
  if (name == "error") return LogLevel::error;
  if (name == "off") return LogLevel::off;
  return std::nullopt;
}

std::optional<LogFormat> log_format_from_string(std::string_view name) noexcept {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

void set_log_observer(LogObserver observer) { state().observer_sink->set(std::move(observer)); }

}  // namespace vigil
