// "te-json": ThreatExchange threat updates (an array, or {"data": [...]}).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "batch_builder.hpp"
#include "importers.hpp"
#include "json_input.hpp"
#include "label_list.hpp"
#include "quoted_text.hpp"
#include "record_signal.hpp"

namespace vigil::bank_import {
namespace {

struct TeType {
  std::string_view name;
  std::string_view signal_type;
  bool video;
};

constexpr std::array<TeType, 6> kTypes{{
    {"HASH_PDQ", "pdq", false},
    {"HASH_MD5", "md5", false},
    {"HASH_SHA1", "sha1", false},
    {"HASH_SHA256", "sha256", false},
    {"HASH_PHOTODNA", "pdna", false},
    {"HASH_VIDEO_MD5", "md5", true},
}};

const TeType* find_type(std::string_view name) {
  for (const TeType& type : kTypes) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

Status read_record(const JsonRecord& record, const ImportOptions& options, BatchBuilder& builder) {
  if (Status status = record.check_object(); !status.ok()) return status;
  const RecordContext& context = record.context();

  Result<std::string> id = record.required_text("id", true);
  if (!id.ok()) return id.status();
  Result<std::string> type_name = record.required_text("type", false);
  if (!type_name.ok()) return type_name.status();
  const TeType* type = find_type(*type_name);
  if (type == nullptr) {
    return context.error("type", "unsupported indicator type " + in_quotes(*type_name) +
                                     " (supported: HASH_PDQ, HASH_MD5, HASH_SHA1, HASH_SHA256, "
                                     "HASH_PHOTODNA, HASH_VIDEO_MD5)");
  }
  Result<std::string> indicator = record.required_text("indicator", false);
  if (!indicator.ok()) return indicator.status();
  Result<TypedValue> signal =
      read_signal(context, "type", type->signal_type, "indicator", *indicator);
  if (!signal.ok()) return signal.status();
  Result<std::int64_t> time = record.time("last_updated");
  if (!time.ok()) return time.status();
  Result<bool> should_delete = record.flag("should_delete");
  if (!should_delete.ok()) return should_delete.status();
  Result<std::vector<std::string>> tags = record.strings("tags", " \t\r\n");
  if (!tags.ok()) return tags.status();

  if (*should_delete) {
    Tombstone removal{std::move(id).value(), std::move(signal->type), std::move(signal->value)};
    return builder.add_removal(std::move(removal), *time, context.where);
  }
  BankEntry entry;
  entry.signal_type = std::move(signal->type);
  entry.value = std::move(signal->value);
  entry.entry_id = std::move(id).value();
  entry.source = options.source;
  entry.added_time = *time;
  LabelList labels;
  for (const std::string& tag : *tags) labels.add(tag);
  if (type->video) labels.add("video");
  entry.labels = labels.take();
  return builder.add_entry(std::move(entry), context.where);
}

}  // namespace

Result<ImportBatch> parse_te_json(std::string_view text, std::string_view file,
                                  const ImportOptions& options) {
  Result<std::optional<Json>> document = parse_json_document(text, file);
  if (!document.ok()) return document.status();
  if (!document->has_value()) return ImportBatch{};
  const Json* records = (*document)->is_array() ? &**document : array_member(**document, "data");
  if (records == nullptr) {
    return file_error(file,
                      "expected an array of threat updates, or an object with a "
                      "\"data\" array");
  }

  BatchBuilder builder(file);
  std::size_t index = 0;
  for (const Json& element : *records) {
    const JsonRecord record(element, RecordContext{file, RecordLocation{0, ++index}});
    if (Status status = read_record(record, options, builder); !status.ok()) return status;
  }
  return builder.finish();
}

}  // namespace vigil::bank_import
