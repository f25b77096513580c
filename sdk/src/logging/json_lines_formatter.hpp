// Internal: an spdlog formatter that writes each record as one JSON object per line.
#pragma once

#include <spdlog/formatter.h>

#include <memory>

namespace vigil::logging {

class JsonLinesFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace vigil::logging
