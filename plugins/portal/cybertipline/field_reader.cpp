#include "cybertipline/field_reader.hpp"

#include <limits>
#include <utility>

#include "cybertipline/errors.hpp"

namespace vigil::portal::cybertipline {
namespace {

[[noreturn]] void fail(const std::string& path, const char* what) {
  throw validation_error((path.empty() ? std::string("report") : path) + ": " + what);
}

}  // namespace

field_reader::field_reader(const nlohmann::json& object, std::string path)
    : object_(&object), path_(std::move(path)) {
  if (!object.is_object()) fail(path_, "must be a JSON object");
}

std::string field_reader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const nlohmann::json* field_reader::get(std::string_view key) const {
  const auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string_view> field_reader::string(std::string_view key) const {
  const nlohmann::json* value = get(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) fail(path_of(key), "must be a string");
  const std::string& text = value->get_ref<const std::string&>();
  if (text.empty()) return std::nullopt;
  return std::string_view(text);
}

std::string_view field_reader::required_string(std::string_view key) const {
  const auto text = string(key);
  if (!text) fail(path_of(key), "is required");
  return *text;
}

std::optional<bool> field_reader::boolean(std::string_view key) const {
  const nlohmann::json* value = get(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) fail(path_of(key), "must be true or false");
  return value->get<bool>();
}

std::optional<std::int64_t> field_reader::integer(std::string_view key) const {
  const nlohmann::json* value = get(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) fail(path_of(key), "must be an integer");
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail(path_of(key), "is out of range");
  }
  return value->get<std::int64_t>();
}

std::optional<field_reader> field_reader::object(std::string_view key) const {
  const nlohmann::json* value = get(key);
  if (value == nullptr) return std::nullopt;
  return field_reader(*value, path_of(key));
}

field_reader field_reader::required_object(std::string_view key) const {
  auto reader = object(key);
  if (!reader) fail(path_of(key), "is required");
  return *std::move(reader);
}

const nlohmann::json* field_reader::array(std::string_view key) const {
  const nlohmann::json* value = get(key);
  if (value != nullptr && !value->is_array()) fail(path_of(key), "must be an array");
  return value;
}

}  // namespace vigil::portal::cybertipline
