#include "json_lines_formatter.hpp"

#include <chrono>
#include <cstdio>
#include <string_view>

#include "platform/utc_time.hpp"

namespace vigil::logging {
namespace {

void append(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.append(text.data(), text.data() + text.size());
}

// Appends `text` as the body of a JSON string (without quotes).
void append_escaped(spdlog::memory_buf_t& dest, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '"':
        append(dest, "\\\"");
        break;
      case '\\':
        append(dest, "\\\\");
        break;
      case '\n':
        append(dest, "\\n");
        break;
      case '\r':
        append(dest, "\\r");
        break;
      case '\t':
        append(dest, "\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          append(dest, escaped);
        } else {
          dest.push_back(c);
        }
    }
  }
}

void append_time(spdlog::memory_buf_t& dest, spdlog::log_clock::time_point when) {
  const auto unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  append(dest, platform::utc_timestamp_millis(unix_ms));
}

}  // namespace

void JsonLinesFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  append(dest, "{\"time\":\"");
  append_time(dest, msg.time);
  append(dest, "\",\"level\":\"");
  auto level = spdlog::level::to_string_view(msg.level);
  append(dest, std::string_view(level.data(), level.size()));
  append(dest, "\",\"logger\":\"");
  append_escaped(dest, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
  append(dest, "\",\"message\":\"");
  append_escaped(dest, std::string_view(msg.payload.data(), msg.payload.size()));
  append(dest, "\"}\n");
}

std::unique_ptr<spdlog::formatter> JsonLinesFormatter::clone() const {
  return std::make_unique<JsonLinesFormatter>();
}

}  // namespace vigil::logging
