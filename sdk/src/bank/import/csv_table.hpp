// CsvTable: a CSV list with a header row (signal-csv, mapped-csv). Rows are checked to have
// as many fields as the header.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "csv_reader.hpp"
#include "vigil/status.hpp"

namespace vigil::bank_import {

class CsvTable {
 public:
  // `text` and `file` (for messages) must outlive the table.
  CsvTable(std::string_view text, std::string_view file) : reader_(text, file), file_(file) {}

  // Reads the header row. Returns false when the text holds no record at all (an empty
  // list); an error for malformed CSV.
  Result<bool> read_header();

  // The index of the header column named `name` (header cells are trimmed), nullopt when
  // there is none; an error naming the header line when the header names it twice.
  Result<std::optional<std::size_t>> find_column(std::string_view name) const;

  // The next data row, nullopt at the end; an error when the row is malformed CSV or its
  // field count differs from the header's.
  Result<std::optional<CsvRecord>> next_row();

  std::size_t header_line() const noexcept { return header_line_; }

 private:
  CsvReader reader_;
  std::string_view file_;
  std::size_t header_line_ = 0;
  std::size_t column_count_ = 0;
  std::unordered_map<std::string, std::size_t> columns_;
  std::unordered_map<std::string, std::size_t> repeated_;  // name -> its count
};

}  // namespace vigil::bank_import
