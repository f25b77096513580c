#include "csv_table.hpp"

#include <utility>

#include "ascii_text.hpp"
#include "quoted_text.hpp"
#include "record_context.hpp"

namespace vigil::bank_import {

Result<bool> CsvTable::read_header() {
  Result<std::optional<CsvRecord>> header = reader_.next();
  if (!header.ok()) return header.status();
  if (!header->has_value()) return false;
  const CsvRecord& record = **header;
  header_line_ = record.line;
  column_count_ = record.fields.size();
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    std::string name(trim(record.fields[i]));
    if (!columns_.try_emplace(name, i).second) ++repeated_[name];
  }
  return true;
}

Result<std::optional<std::size_t>> CsvTable::find_column(std::string_view name) const {
  const std::string key(name);
  if (repeated_.count(key) != 0) {
    const RecordContext context{file_, RecordLocation{header_line_, 0}};
    return context.error({}, "the header names the column " + in_quotes(name) + " more than once");
  }
  const auto it = columns_.find(key);
  if (it == columns_.end()) return std::optional<std::size_t>();
  return std::optional<std::size_t>(it->second);
}

Result<std::optional<CsvRecord>> CsvTable::next_row() {
  Result<std::optional<CsvRecord>> row = reader_.next();
  if (!row.ok() || !row->has_value()) return row;
  const CsvRecord& record = **row;
  if (record.fields.size() != column_count_) {
    const RecordContext context{file_, RecordLocation{record.line, 0}};
    return context.error({}, "the row has " + std::to_string(record.fields.size()) +
                                 " fields, the header " + std::to_string(column_count_));
  }
  return row;
}

}  // namespace vigil::bank_import
