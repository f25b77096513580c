// Logging: where libvigil and its plugins write what they do.
//
// Everything goes through one set of spdlog sinks owned by libvigil (standard error by
// default): the host logs as "vigil", each plugin under its own id, so a plugin never
// needs spdlog and the application's own spdlog registry is left alone.
// Log lines carry identifiers (content ids, report ids, plugin ids, file paths of
// plugins) and never media bytes or a suspect's personal data.
//
// JSON-lines output writes one object per line for log shippers:
//   {"time":"2026-11-29T12:00:00.123Z","level":"warn","logger":"vigil","message":"..."}
// All functions are thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "vigil/export.hpp"

namespace vigil {

enum class LogLevel { trace, debug, info, warn, error, off };
enum class LogFormat { text, json };

// The defaults are what libvigil uses until configure_logging() is called: warnings and
// errors only, as text, so an embedding application is not flooded with info lines.
struct LogOptions {
  LogLevel level = LogLevel::warn;
  LogFormat format = LogFormat::text;
};

VIGIL_API void configure_logging(const LogOptions& options);

// "trace", "debug", "info", "warn", "error", "off"; nullopt otherwise.
VIGIL_API std::optional<LogLevel> log_level_from_string(std::string_view name) noexcept;
VIGIL_API std::optional<LogFormat> log_format_from_string(std::string_view name) noexcept;

// Receives every record at or above the configured level, in addition to standard error:
// `logger` is "vigil" or a plugin id. Pass an empty function to remove. For tests and
// applications that forward logs elsewhere.
using LogObserver =
    std::function<void(LogLevel level, std::string_view logger, std::string_view message)>;
VIGIL_API void set_log_observer(LogObserver observer);

}  // namespace vigil
