// Internal: the loggers libvigil writes through (see vigil/logging.hpp for the contract).
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace vigil::logging {

// The host's logger ("vigil").
spdlog::logger& host_logger();

// The logger a plugin writes through, created on first use; lives for the process.
std::shared_ptr<spdlog::logger> plugin_logger(const std::string& plugin_id);

}  // namespace vigil::logging
