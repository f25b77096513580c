// Typed, validated access to the members of one JSON object of a "vigil.report/1" document.
//
// A field_reader knows its object's path ("uploader", "files[2]") so that every error names
// the member it is about ("uploader.port: must be an integer"). The conventions, shared by
// every member of the report:
//   * a member that is absent or JSON null is absent; an empty string is absent too for
//     optional strings (an empty element carries nothing);
//   * a member of the wrong JSON type is a validation_error (no coercion: "true" is not a
//     boolean, 443.0 is not an integer);
//   * unknown members are ignored.
// Messages never contain member values.
//
// The reader holds a pointer to the JSON object, which must outlive it and every string_view
// it returns. Not thread-safe to share while the JSON is being modified; otherwise const.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace vigil::portal::cybertipline {

class field_reader {
 public:
  // `path` is the object's name in messages, "" for the document root. Throws
  // validation_error "<path>: must be a JSON object" when `object` is not an object.
  field_reader(const nlohmann::json& object, std::string path);

  const std::string& path() const { return path_; }
  // The path of member `key` ("uploader.port", or "port" at the root).
  std::string path_of(std::string_view key) const;

  // The member, or nullptr when absent or null.
  const nlohmann::json* get(std::string_view key) const;

  // Optional string member; absent, null and "" give nullopt.
  std::optional<std::string_view> string(std::string_view key) const;
  // Required string member: absent, null or "" throw "<path>: is required".
  std::string_view required_string(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  // A JSON integer that fits in int64 (floats and out-of-range numbers are refused).
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<field_reader> object(std::string_view key) const;
  field_reader required_object(std::string_view key) const;
  // An array member, or nullptr when absent or null.
  const nlohmann::json* array(std::string_view key) const;

 private:
  const nlohmann::json* object_;
  std::string path_;
};

}  // namespace vigil::portal::cybertipline
