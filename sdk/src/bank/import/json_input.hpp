// JSON list input: bounded parsing and typed access to a record's fields, with errors that
// name the record and the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "record_context.hpp"
#include "vigil/status.hpp"

namespace vigil::bank_import {

using Json = nlohmann::json;

// Parses `text` as one JSON document. Nesting deeper than kMaxListJsonDepth is refused before
// nlohmann's parser runs. nullopt for blank text (an empty list). Errors are malformed_list
// naming `file`; they carry nlohmann's line/column but never the text it last read.
Result<std::optional<Json>> parse_json_document(std::string_view text, std::string_view file);

// The array `document[key]`, or nullptr when `document` is not an object or has no array
// under `key`.
const Json* array_member(const Json& document, std::string_view key);

// One record of a JSON list (an element of its record array).
class JsonRecord {
 public:
  // `record` and `context.file` must outlive this object.
  JsonRecord(const Json& record, RecordContext context) : record_(record), context_(context) {}

  const RecordContext& context() const noexcept { return context_; }

  // ok when the record is an object.
  Status check_object() const;

  // The trimmed string at `key` (or an integer in decimal when `integers_ok`); nullopt
  // when the key is missing or null.
  Result<std::optional<std::string>> text(std::string_view key, bool integers_ok) const;

  // As text(), but missing, null and empty are errors.
  Result<std::string> required_text(std::string_view key, bool integers_ok) const;

  // A time in Unix seconds (see vigil/list_import.hpp); 0 when missing or null.
  Result<std::int64_t> time(std::string_view key) const;

  // A boolean; false when missing or null.
  Result<bool> flag(std::string_view key) const;

  // An array of strings, or one string split on any of `separators`; empty pieces are
  // dropped; empty when missing or null.
  Result<std::vector<std::string>> strings(std::string_view key, std::string_view separators) const;

 private:
  const Json* find(std::string_view key) const;

  const Json& record_;
  RecordContext context_;
};

}  // namespace vigil::bank_import
