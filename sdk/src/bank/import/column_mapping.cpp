#include "column_mapping.hpp"

#include <utility>

#include "ascii_text.hpp"
#include "label_list.hpp"
#include "quoted_text.hpp"
#include "record_signal.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::bank_import {
namespace {

Status bad_mapping(std::string message) {
  return Status(ErrorCode::invalid_argument, "column mapping: " + std::move(message));
}

std::string type_from_cell(const ColumnMapping& mapping, const std::string& cell) {
  if (const auto it = mapping.type_names.find(cell); it != mapping.type_names.end()) {
    return it->second;
  }
  return to_lower_ascii(cell);
}

bool present(const std::optional<std::string>& cell) { return cell && !cell->empty(); }

}  // namespace

Status check_mapping(const ColumnMapping& mapping) {
  if (mapping.value.empty()) return bad_mapping("no value column");
  if (mapping.type.empty() && mapping.fixed_type.empty()) {
    return bad_mapping("no type column and no fixed_type");
  }
  if (!mapping.fixed_type.empty() && !is_valid_signal_type_name(mapping.fixed_type)) {
    return bad_mapping("fixed_type " + in_quotes(mapping.fixed_type) + " is not a valid type name");
  }
  for (const auto& [cell, type] : mapping.type_names) {
    if (!is_valid_signal_type_name(type)) {
      return bad_mapping("type_names maps " + in_quotes(cell) + " to " + in_quotes(type) +
                         ", not a valid type name");
    }
  }
  return Status::success();
}

Result<BankEntry> entry_from_cells(MappedCells cells, const ImportOptions& options,
                                   const RecordContext& context) {
  const ColumnMapping& mapping = options.mapping;
  std::string type = mapping.fixed_type;
  std::string_view type_field = "fixed_type";
  if (!mapping.type.empty()) {
    type_field = mapping.type;
    if (present(cells.type)) {
      type = type_from_cell(mapping, *cells.type);
    } else if (type.empty()) {
      return context.error(mapping.type, "missing signal type");
    }
  }
  if (!present(cells.value)) return context.error(mapping.value, "missing value");
  Result<TypedValue> signal = read_signal(context, type_field, type, mapping.value, *cells.value);
  if (!signal.ok()) return signal.status();

  BankEntry entry;
  entry.signal_type = std::move(signal->type);
  entry.value = std::move(signal->value);
  if (mapping.entry_id.empty()) {
    entry.entry_id = entry.value;
  } else if (present(cells.entry_id)) {
    entry.entry_id = std::move(*cells.entry_id);
  } else {
    return context.error(mapping.entry_id, "missing entry id");
  }
  entry.source = options.source;
  if (cells.category) entry.category = std::move(*cells.category);
  LabelList labels;
  for (const std::string& label : cells.labels) labels.add(label);
  if (present(cells.age_band)) labels.add("age_band:" + *cells.age_band);
  entry.labels = labels.take();
  return entry;
}

}  // namespace vigil::bank_import

namespace vigil {

Status set_mapped_column(ColumnMapping& mapping, std::string_view field, std::string column) {
  std::string ColumnMapping::*const member = field == "type"       ? &ColumnMapping::type
                                             : field == "value"    ? &ColumnMapping::value
                                             : field == "id"       ? &ColumnMapping::entry_id
                                             : field == "category" ? &ColumnMapping::category
                                             : field == "labels"   ? &ColumnMapping::labels
                                             : field == "age_band" ? &ColumnMapping::age_band
                                                                   : nullptr;
  if (member == nullptr) {
    return Status(ErrorCode::invalid_argument,
                  "unknown mapping field '" + std::string(field) +
                      "' (expected type, value, id, category, labels, age_band)");
  }
  mapping.*member = std::move(column);
  return Status::success();
}

}  // namespace vigil
