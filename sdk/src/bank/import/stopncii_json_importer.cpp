// "stopncii-json": StopNCII hash records ({"hashRecords": [...]}).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "batch_builder.hpp"
#include "importers.hpp"
#include "json_input.hpp"
#include "quoted_text.hpp"
#include "record_signal.hpp"

namespace vigil::bank_import {
namespace {

struct StopNciiType {
  std::string_view name;
  std::string_view signal_type;
  bool video;
};

constexpr std::array<StopNciiType, 3> kTypes{{
    {"ImagePDQ", "pdq", false},
    {"ImageMD5", "md5", false},
    {"VideoMD5", "md5", true},
}};

const StopNciiType* find_type(std::string_view name) {
  for (const StopNciiType& type : kTypes) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

enum class HashStatus { active, removed };

std::optional<HashStatus> status_from(std::string_view name) {
  if (name == "Active") return HashStatus::active;
  if (name == "Withdrawn" || name == "Deleted") return HashStatus::removed;
  return std::nullopt;
}

Status read_record(const JsonRecord& record, const ImportOptions& options, BatchBuilder& builder) {
  if (Status status = record.check_object(); !status.ok()) return status;
  const RecordContext& context = record.context();

  Result<std::string> type_name = record.required_text("signalType", false);
  if (!type_name.ok()) return type_name.status();
  const StopNciiType* type = find_type(*type_name);
  if (type == nullptr) {
    return context.error("signalType", "unsupported signal type " + in_quotes(*type_name) +
                                           " (supported: ImagePDQ, ImageMD5, VideoMD5)");
  }
  Result<std::string> value = record.required_text("hashValue", false);
  if (!value.ok()) return value.status();
  Result<TypedValue> signal =
      read_signal(context, "signalType", type->signal_type, "hashValue", *value);
  if (!signal.ok()) return signal.status();
  Result<std::string> status_name = record.required_text("hashStatus", false);
  if (!status_name.ok()) return status_name.status();
  const std::optional<HashStatus> status = status_from(*status_name);
  if (!status) {
    return context.error("hashStatus", "unknown status " + in_quotes(*status_name) +
                                           " (expected Active, Withdrawn or Deleted)");
  }
  Result<std::int64_t> time = record.time("lastModtimestamp");
  if (!time.ok()) return time.status();

  if (*status == HashStatus::removed) {
    Tombstone removal{{}, std::move(signal->type), std::move(signal->value)};
    return builder.add_removal(std::move(removal), *time, context.where);
  }
  BankEntry entry;
  entry.signal_type = std::move(signal->type);
  entry.value = std::move(signal->value);
  entry.entry_id = entry.value;
  entry.source = options.source;
  entry.added_time = *time;
  if (type->video) entry.labels.emplace_back("video");
  return builder.add_entry(std::move(entry), context.where);
}

}  // namespace

Result<ImportBatch> parse_stopncii_json(std::string_view text, std::string_view file,
                                        const ImportOptions& options) {
  Result<std::optional<Json>> document = parse_json_document(text, file);
  if (!document.ok()) return document.status();
  if (!document->has_value()) return ImportBatch{};
  const Json* records = array_member(**document, "hashRecords");
  if (records == nullptr) {
    return file_error(file, "expected an object with a \"hashRecords\" array");
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
