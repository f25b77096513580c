#include "csv_reader.hpp"

#include <utility>

#include "record_context.hpp"

namespace vigil::bank_import {

bool CsvReader::consume_line_break() {
  if (pos_ >= text_.size()) return false;
  if (text_[pos_] == '\n') {
    ++pos_;
  } else if (text_[pos_] == '\r') {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  } else {
    return false;
  }
  ++line_;
  return true;
}

Status CsvReader::read_quoted(std::string& field) {
  const std::size_t field_line = line_;
  ++pos_;  // the opening quote
  while (true) {
    if (pos_ >= text_.size()) {
      const RecordContext context{file_, RecordLocation{field_line, 0}};
      return context.error({}, "quoted field is never closed");
    }
    const char c = text_[pos_];
    if (c == '"') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        field += '"';
        pos_ += 2;
        continue;
      }
      ++pos_;  // the closing quote
      break;
    }
    if (c == '\n' || c == '\r') {
      const std::size_t start = pos_;
      consume_line_break();
      field.append(text_.substr(start, pos_ - start));
      continue;
    }
    field += c;
    ++pos_;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
    const RecordContext context{file_, RecordLocation{line_, 0}};
    return context.error({}, "unexpected character after a closing quote");
  }
  return Status::success();
}

Status CsvReader::read_unquoted(std::string& field) {
  const std::size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ',' || c == '\n' || c == '\r') break;
    if (c == '"') {
      const RecordContext context{file_, RecordLocation{line_, 0}};
      return context.error({}, "a quote inside an unquoted field (quote the whole field)");
    }
    ++pos_;
  }
  field.assign(text_.substr(start, pos_ - start));
  return Status::success();
}

Result<std::optional<CsvRecord>> CsvReader::next() {
  // Blank lines (nothing but spaces and tabs) are not records.
  while (true) {
    const std::size_t content = text_.find_first_not_of(" \t", pos_);
    if (content == std::string_view::npos) {
      pos_ = text_.size();
      return std::optional<CsvRecord>();
    }
    if (text_[content] != '\n' && text_[content] != '\r') break;
    pos_ = content;
    consume_line_break();
  }

  CsvRecord record;
  record.line = line_;
  while (true) {
    std::string field;
    Status status =
        pos_ < text_.size() && text_[pos_] == '"' ? read_quoted(field) : read_unquoted(field);
    if (!status.ok()) return status;
    record.fields.push_back(std::move(field));
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    consume_line_break();
    break;
  }
  return std::optional<CsvRecord>(std::move(record));
}

}  // namespace vigil::bank_import
