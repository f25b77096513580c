// A record's signal type and value, checked with errors that name the record and field.
#pragma once

#include <string>
#include <string_view>

#include "record_context.hpp"
#include "vigil/status.hpp"

namespace vigil::bank_import {

struct TypedValue {
  std::string type;
  std::string value;  // stored form (vigil/signal_value.hpp)
};

// Checks `type` (reported as field `type_field`) and normalizes `value` (reported as
// `value_field`). The type must already be in its final spelling (no case folding here).
Result<TypedValue> read_signal(const RecordContext& context, std::string_view type_field,
                               std::string_view type, std::string_view value_field,
                               std::string_view value);

}  // namespace vigil::bank_import
