#include "record_context.hpp"

#include "quoted_text.hpp"

namespace vigil::bank_import {

std::string describe(RecordLocation where) {
  std::string text;
  if (where.line != 0) text = "line " + std::to_string(where.line);
  if (where.record != 0) {
    if (!text.empty()) text += ": ";
    text += "record " + std::to_string(where.record);
  }
  if (text.empty()) text = "the start of the file";
  return text;
}

std::string_view display_name(std::string_view file) noexcept {
  return file.empty() ? std::string_view("<list>") : file;
}

Status file_error(std::string_view file, std::string_view message) {
  std::string text(display_name(file));
  text += ": ";
  text += message;
  return Status(ErrorCode::malformed_list, std::move(text));
}

Status RecordContext::error(std::string_view field, std::string_view message) const {
  std::string text(display_name(file));
  text += ": ";
  text += describe(where);
  if (!field.empty()) {
    text += ": field '";
    text += escaped(field);
    text += '\'';
  }
  text += ": ";
  text += message;
  return Status(ErrorCode::malformed_list, std::move(text));
}

}  // namespace vigil::bank_import
