// "mapped-json": an array of objects (or an object with one array member); the mapping
// names the keys.
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "batch_builder.hpp"
#include "column_mapping.hpp"
#include "importers.hpp"
#include "json_input.hpp"

namespace vigil::bank_import {
namespace {

// The document's record array: the document itself, or its only array member.
Result<const Json*> find_records(const Json& document, std::string_view file) {
  if (document.is_array()) return &document;
  const Json* records = nullptr;
  if (document.is_object()) {
    for (const auto& member : document.items()) {
      if (!member.value().is_array()) continue;
      if (records != nullptr) {
        return file_error(file, "the top-level object has more than one array member");
      }
      records = &member.value();
    }
  }
  if (records == nullptr) {
    return file_error(file, "expected an array of records, or an object with one array member");
  }
  return records;
}

// The cell at `key`: nullopt when the field is not mapped, or the key is missing or null.
Result<std::optional<std::string>> cell(const JsonRecord& record, const std::string& key,
                                        bool integers_ok) {
  if (key.empty()) return std::optional<std::string>();
  return record.text(key, integers_ok);
}

Result<MappedCells> read_cells(const JsonRecord& record, const ColumnMapping& mapping) {
  MappedCells cells;
  const std::tuple<std::optional<std::string>*, const std::string*, bool> fields[] = {
      {&cells.type, &mapping.type, false},        {&cells.value, &mapping.value, false},
      {&cells.entry_id, &mapping.entry_id, true}, {&cells.category, &mapping.category, true},
      {&cells.age_band, &mapping.age_band, true},
  };
  for (const auto& [slot, key, integers_ok] : fields) {
    Result<std::optional<std::string>> text = cell(record, *key, integers_ok);
    if (!text.ok()) return text.status();
    *slot = std::move(text).value();
  }
  if (!mapping.labels.empty()) {
    Result<std::vector<std::string>> labels =
        record.strings(mapping.labels, kMappedLabelSeparators);
    if (!labels.ok()) return labels.status();
    cells.labels = std::move(labels).value();
  }
  return cells;
}

}  // namespace

Result<ImportBatch> parse_mapped_json(std::string_view text, std::string_view file,
                                      const ImportOptions& options) {
  if (Status status = check_mapping(options.mapping); !status.ok()) return status;
  Result<std::optional<Json>> document = parse_json_document(text, file);
  if (!document.ok()) return document.status();
  if (!document->has_value()) return ImportBatch{};
  Result<const Json*> records = find_records(**document, file);
  if (!records.ok()) return records.status();

  BatchBuilder builder(file);
  std::size_t index = 0;
  for (const Json& element : **records) {
    const JsonRecord record(element, RecordContext{file, RecordLocation{0, ++index}});
    if (Status status = record.check_object(); !status.ok()) return status;
    Result<MappedCells> cells = read_cells(record, options.mapping);
    if (!cells.ok()) return cells.status();
    Result<BankEntry> entry = entry_from_cells(std::move(cells).value(), options, record.context());
    if (!entry.ok()) return entry.status();
    if (Status status = builder.add_entry(std::move(entry).value(), record.context().where);
        !status.ok()) {
      return status;
    }
  }
  return builder.finish();
}

}  // namespace vigil::bank_import
