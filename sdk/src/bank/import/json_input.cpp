#include "json_input.hpp"

#include <cstddef>
#include <exception>
#include <limits>
#include <utility>

#include "ascii_text.hpp"
#include "timestamp.hpp"
#include "vigil/list_import.hpp"

namespace vigil::bank_import {
namespace {

// True when arrays and objects in `text` nest deeper than `limit`. Exact for valid JSON;
// for invalid JSON nlohmann's parser stops at the first error, before any nesting the scan
// could have missed.
bool nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// nlohmann's message without its "[json.exception...] " prefix and without the text it
// last read (which may be part of a value).
std::string clean_parser_message(std::string message) {
  if (const std::size_t last_read = message.find("; last read:"); last_read != std::string::npos) {
    message.erase(last_read);
  }
  if (message.rfind("[json.exception.", 0) == 0) {
    if (const std::size_t end = message.find("] "); end != std::string::npos) {
      message.erase(0, end + 2);
    }
  }
  return message;
}

}  // namespace

Result<std::optional<Json>> parse_json_document(std::string_view text, std::string_view file) {
  if (is_blank(text)) return std::optional<Json>();
  if (nests_deeper_than(text, kMaxListJsonDepth)) {
    return file_error(file,
                      "JSON nests deeper than " + std::to_string(kMaxListJsonDepth) + " levels");
  }
  try {
    return std::optional<Json>(Json::parse(text.begin(), text.end()));
  } catch (const Json::exception& error) {
    return file_error(file, "invalid JSON: " + clean_parser_message(error.what()));
  }
}

const Json* array_member(const Json& document, std::string_view key) {
  if (!document.is_object()) return nullptr;
  const auto it = document.find(key);
  if (it == document.end() || !it->is_array()) return nullptr;
  return &*it;
}

const Json* JsonRecord::find(std::string_view key) const {
  const auto it = record_.find(key);
  if (it == record_.end() || it->is_null()) return nullptr;
  return &*it;
}

Status JsonRecord::check_object() const {
  if (record_.is_object()) return Status::success();
  return context_.error({}, "expected an object");
}

Result<std::optional<std::string>> JsonRecord::text(std::string_view key, bool integers_ok) const {
  const Json* value = find(key);
  if (value == nullptr) return std::optional<std::string>();
  if (value->is_string()) {
    return std::optional<std::string>(trim(value->get_ref<const std::string&>()));
  }
  if (integers_ok && value->is_number_unsigned()) {
    return std::optional<std::string>(std::to_string(value->get<std::uint64_t>()));
  }
  if (integers_ok && value->is_number_integer()) {
    return std::optional<std::string>(std::to_string(value->get<std::int64_t>()));
  }
  return context_.error(key, integers_ok ? "expected a string or an integer" : "expected a string");
}

Result<std::string> JsonRecord::required_text(std::string_view key, bool integers_ok) const {
  Result<std::optional<std::string>> value = text(key, integers_ok);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return context_.error(key, "missing");
  if ((*value)->empty()) return context_.error(key, "empty");
  return std::move(**value);
}

Result<std::int64_t> JsonRecord::time(std::string_view key) const {
  const Json* value = find(key);
  if (value == nullptr) return std::int64_t{0};
  std::optional<std::int64_t> seconds;
  if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    if (number <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      seconds = time_from_integer(static_cast<std::int64_t>(number));
    }
  } else if (value->is_number_integer()) {
    seconds = time_from_integer(value->get<std::int64_t>());
  } else if (value->is_string()) {
    seconds = parse_timestamp(value->get_ref<const std::string&>());
  } else {
    return context_.error(key, "expected a time (Unix seconds or ISO-8601)");
  }
  if (!seconds) return context_.error(key, "not a valid time (Unix seconds or ISO-8601)");
  return *seconds;
}

Result<bool> JsonRecord::flag(std::string_view key) const {
  const Json* value = find(key);
  if (value == nullptr) return false;
  if (!value->is_boolean()) return context_.error(key, "expected true or false");
  return value->get<bool>();
}

Result<std::vector<std::string>> JsonRecord::strings(std::string_view key,
                                                     std::string_view separators) const {
  std::vector<std::string> pieces;
  const Json* value = find(key);
  if (value == nullptr) return pieces;
  if (value->is_string()) {
    for (const std::string_view piece :
         split_any(value->get_ref<const std::string&>(), separators)) {
      pieces.emplace_back(piece);
    }
    return pieces;
  }
  if (!value->is_array()) return context_.error(key, "expected an array of strings");
  for (const Json& element : *value) {
    if (!element.is_string()) return context_.error(key, "expected an array of strings");
    const std::string_view piece = trim(element.get_ref<const std::string&>());
    if (!piece.empty()) pieces.emplace_back(piece);
  }
  return pieces;
}

}  // namespace vigil::bank_import
