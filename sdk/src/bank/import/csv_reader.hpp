// CsvReader: RFC 4180 records from CSV text, with the line each record starts on.
//
// Fields are separated by commas; records end with LF, CRLF or CR (or the end of the text).
// A field that starts with a double quote is quoted: it ends at the next lone quote, and
// may hold commas, line breaks and doubled quotes (read as one quote). Errors (malformed_list,
// naming the line): a quote inside an unquoted field, anything but a comma or a line break
// after a closing quote, a quoted field that never ends. Blank lines (empty, or only spaces
// and tabs) are not records.
// Fields are returned as written (no trimming).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/status.hpp"

namespace vigil::bank_import {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // `text` and `file` (for messages) must outlive the reader.
  CsvReader(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  // The next record, nullopt at the end of the text, or an error.
  Result<std::optional<CsvRecord>> next();

 private:
  // Consumes a line break at pos_ (LF, CRLF or CR) if there is one.
  bool consume_line_break();
  Status read_quoted(std::string& field);
  Status read_unquoted(std::string& field);

  std::string_view text_;
  std::string_view file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace vigil::bank_import
