// Test helper: records every log line libvigil writes while it is alive.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "vigil/logging.hpp"

namespace vigil::testing {

class LogCapture {
 public:
  LogCapture() {
    set_log_observer([this](LogLevel level, std::string_view logger, std::string_view message) {
      std::lock_guard lock(mutex_);
      lines_.push_back({level, std::string(logger), std::string(message)});
    });
  }
  ~LogCapture() { set_log_observer({}); }

  struct Line {
    LogLevel level;
    std::string logger;
    std::string message;
  };

  // True when some line from `logger` at `level` contains every one of `parts`.
  bool contains(LogLevel level, const std::string& logger,
                const std::vector<std::string>& parts) const {
    std::lock_guard lock(mutex_);
    for (const Line& line : lines_) {
      if (line.level != level || line.logger != logger) continue;
      bool all = true;
      for (const auto& part : parts) all = all && line.message.find(part) != std::string::npos;
      if (all) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Line> lines_;
};

}  // namespace vigil::testing
