// The ColumnMapping rules shared by mapped-csv and mapped-json (see vigil/list_import.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "record_context.hpp"
#include "vigil/bank_entry.hpp"
#include "vigil/list_import.hpp"
#include "vigil/status.hpp"

namespace vigil::bank_import {

// Separators of the labels cell.
inline constexpr std::string_view kMappedLabelSeparators = " \t\r\n,;";

// invalid_argument when the mapping cannot be used: no value column, neither a type column
// nor a fixed_type, an invalid fixed_type, or a type_names target that is not a valid type
// name.
Status check_mapping(const ColumnMapping& mapping);

// One record's cells, by mapped field (nullopt = no column, or an empty/missing cell).
struct MappedCells {
  std::optional<std::string> type, value, entry_id, category, age_band;
  std::vector<std::string> labels;
};

// The entry a record's cells describe; errors name the record and the mapped column.
Result<BankEntry> entry_from_cells(MappedCells cells, const ImportOptions& options,
                                   const RecordContext& context);

}  // namespace vigil::bank_import
