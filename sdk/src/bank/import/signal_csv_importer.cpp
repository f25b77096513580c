// "signal-csv": ThreatExchange/HMA `signal_type,signal_str,collab,category,tags`.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "ascii_text.hpp"
#include "batch_builder.hpp"
#include "csv_table.hpp"
#include "importers.hpp"
#include "label_list.hpp"
#include "quoted_text.hpp"
#include "record_signal.hpp"

namespace vigil::bank_import {
namespace {

constexpr std::string_view kExpectedHeader = "signal_type,signal_str,collab,category,tags";

struct Columns {
  std::size_t type = 0;
  std::size_t value = 0;
  std::optional<std::size_t> collab, category, tags;
};

Result<Columns> find_columns(const CsvTable& table, std::string_view file) {
  Columns columns;
  for (const std::string_view required : {"signal_type", "signal_str"}) {
    Result<std::optional<std::size_t>> index = table.find_column(required);
    if (!index.ok()) return index.status();
    if (!index->has_value()) {
      const RecordContext context{file, RecordLocation{table.header_line(), 0}};
      return context.error({}, "the header has no " + in_quotes(required) +
                                   " column (a signal CSV starts with the header " +
                                   std::string(kExpectedHeader) + ")");
    }
    (required == "signal_type" ? columns.type : columns.value) = **index;
  }
  for (const auto& [name, slot] :
       {std::pair<std::string_view, std::optional<std::size_t>*>{"collab", &columns.collab},
        {"category", &columns.category},
        {"tags", &columns.tags}}) {
    Result<std::optional<std::size_t>> index = table.find_column(name);
    if (!index.ok()) return index.status();
    *slot = *index;
  }
  return columns;
}

std::string_view cell(const CsvRecord& row, std::optional<std::size_t> column) {
  return column ? trim(row.fields[*column]) : std::string_view();
}

}  // namespace

Result<ImportBatch> parse_signal_csv(std::string_view text, std::string_view file,
                                     const ImportOptions& options) {
  CsvTable table(text, file);
  Result<bool> has_header = table.read_header();
  if (!has_header.ok()) return has_header.status();
  if (!*has_header) return ImportBatch{};
  Result<Columns> columns = find_columns(table, file);
  if (!columns.ok()) return columns.status();

  BatchBuilder builder(file);
  while (true) {
    Result<std::optional<CsvRecord>> row = table.next_row();
    if (!row.ok()) return row.status();
    if (!row->has_value()) break;
    const CsvRecord& record = **row;
    const RecordContext context{file, RecordLocation{record.line, 0}};

    std::string type = to_lower_ascii(cell(record, columns->type));
    bool video = false;
    if (type == "video_md5") {
      type = "md5";
      video = true;
    }
    Result<TypedValue> signal =
        read_signal(context, "signal_type", type, "signal_str", cell(record, columns->value));
    if (!signal.ok()) return signal.status();

    BankEntry entry;
    entry.signal_type = std::move(signal->type);
    entry.value = std::move(signal->value);
    entry.entry_id = entry.value;
    entry.source = options.source;
    entry.category = cell(record, columns->category);
    LabelList labels;
    for (const std::string_view tag : split_whitespace(cell(record, columns->tags))) {
      labels.add(tag);
    }
    if (const std::string_view collab = cell(record, columns->collab); !collab.empty()) {
      labels.add("collab:" + std::string(collab));
    }
    if (video) labels.add("video");
    entry.labels = labels.take();
    if (Status status = builder.add_entry(std::move(entry), context.where); !status.ok()) {
      return status;
    }
  }
  return builder.finish();
}

}  // namespace vigil::bank_import
