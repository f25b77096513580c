#include "record_signal.hpp"

#include "quoted_text.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::bank_import {

Result<TypedValue> read_signal(const RecordContext& context, std::string_view type_field,
                               std::string_view type, std::string_view value_field,
                               std::string_view value) {
  if (type.empty()) return context.error(type_field, "missing signal type");
  if (!is_valid_signal_type_name(type)) {
    return context.error(type_field, "signal type " + in_quotes(type) +
                                         " is not a valid type name (a-z, 0-9 and _)");
  }
  Result<std::string> normalized = normalize_signal_value(type, value);
  if (!normalized.ok()) return context.error(value_field, normalized.status().message());
  return TypedValue{std::string(type), std::move(normalized).value()};
}

}  // namespace vigil::bank_import
