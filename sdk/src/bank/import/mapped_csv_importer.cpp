// "mapped-csv": CSV with a header; ImportOptions::mapping names the columns.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "ascii_text.hpp"
#include "batch_builder.hpp"
#include "column_mapping.hpp"
#include "csv_table.hpp"
#include "importers.hpp"
#include "quoted_text.hpp"

namespace vigil::bank_import {
namespace {

// Header indexes of the mapped columns (nullopt = not mapped).
struct Columns {
  std::optional<std::size_t> type, value, entry_id, category, labels, age_band;
};

Result<Columns> find_columns(const CsvTable& table, const ColumnMapping& mapping,
                             std::string_view file) {
  Columns columns;
  const std::pair<const std::string*, std::optional<std::size_t>*> wanted[] = {
      {&mapping.type, &columns.type},         {&mapping.value, &columns.value},
      {&mapping.entry_id, &columns.entry_id}, {&mapping.category, &columns.category},
      {&mapping.labels, &columns.labels},     {&mapping.age_band, &columns.age_band},
  };
  for (const auto& [name, slot] : wanted) {
    if (name->empty()) continue;
    Result<std::optional<std::size_t>> index = table.find_column(*name);
    if (!index.ok()) return index.status();
    if (!index->has_value()) {
      const RecordContext context{file, RecordLocation{table.header_line(), 0}};
      return context.error(
          {}, "the header has no column " + in_quotes(*name) + " (named by the column mapping)");
    }
    *slot = *index;
  }
  return columns;
}

std::optional<std::string> cell(const CsvRecord& row, std::optional<std::size_t> column) {
  if (!column) return std::nullopt;
  const std::string_view text = trim(row.fields[*column]);
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

}  // namespace

Result<ImportBatch> parse_mapped_csv(std::string_view text, std::string_view file,
                                     const ImportOptions& options) {
  if (Status status = check_mapping(options.mapping); !status.ok()) return status;
  CsvTable table(text, file);
  Result<bool> has_header = table.read_header();
  if (!has_header.ok()) return has_header.status();
  if (!*has_header) return ImportBatch{};
  Result<Columns> columns = find_columns(table, options.mapping, file);
  if (!columns.ok()) return columns.status();

  BatchBuilder builder(file);
  while (true) {
    Result<std::optional<CsvRecord>> row = table.next_row();
    if (!row.ok()) return row.status();
    if (!row->has_value()) break;
    const CsvRecord& record = **row;
    const RecordContext context{file, RecordLocation{record.line, 0}};

    MappedCells cells;
    cells.type = cell(record, columns->type);
    cells.value = cell(record, columns->value);
    cells.entry_id = cell(record, columns->entry_id);
    cells.category = cell(record, columns->category);
    cells.age_band = cell(record, columns->age_band);
    if (const auto labels = cell(record, columns->labels)) {
      for (const std::string_view label : split_any(*labels, kMappedLabelSeparators)) {
        cells.labels.emplace_back(label);
      }
    }
    Result<BankEntry> entry = entry_from_cells(std::move(cells), options, context);
    if (!entry.ok()) return entry.status();
    if (Status status = builder.add_entry(std::move(entry).value(), context.where); !status.ok()) {
      return status;
    }
  }
  return builder.finish();
}

}  // namespace vigil::bank_import
