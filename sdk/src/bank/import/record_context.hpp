// Where a record is in a list file, and the malformed_list errors that name it.
//
// Messages read "<file>: <place>: field '<field>': <problem>", where the place is
// "line 7" (line-based formats), "record 17" (JSON) or "line 40: record 3" (XML).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "vigil/status.hpp"

namespace vigil::bank_import {

struct RecordLocation {
  std::size_t line = 0;    // 1-based; 0 = not known
  std::size_t record = 0;  // 1-based; 0 = not counted
};

// "line 7", "record 17", "line 40: record 3" ("the start of the file" when both are 0).
std::string describe(RecordLocation where);

// The file name as shown in messages ("<list>" when empty).
std::string_view display_name(std::string_view file) noexcept;

// malformed_list "<file>: <message>".
Status file_error(std::string_view file, std::string_view message);

struct RecordContext {
  std::string_view file;
  RecordLocation where;

  // malformed_list "<file>: <place>: field '<field>': <message>" (no field part when
  // `field` is empty).
  Status error(std::string_view field, std::string_view message) const;
};

}  // namespace vigil::bank_import
