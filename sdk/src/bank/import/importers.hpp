// One parser per list format. Each takes the list's text (size already checked, byte-order
// mark already removed) and behaves as vigil/list_import.hpp describes for its format.
#pragma once

#include <string_view>

#include "vigil/bank_entry.hpp"
#include "vigil/list_import.hpp"
#include "vigil/status.hpp"

namespace vigil::bank_import {

Result<ImportBatch> parse_lines(std::string_view text, std::string_view file,
                                const ImportOptions& options);
Result<ImportBatch> parse_signal_csv(std::string_view text, std::string_view file,
                                     const ImportOptions& options);
Result<ImportBatch> parse_mapped_csv(std::string_view text, std::string_view file,
                                     const ImportOptions& options);
Result<ImportBatch> parse_mapped_json(std::string_view text, std::string_view file,
                                      const ImportOptions& options);
Result<ImportBatch> parse_ncmec_xml(std::string_view text, std::string_view file,
                                    const ImportOptions& options);
Result<ImportBatch> parse_te_json(std::string_view text, std::string_view file,
                                  const ImportOptions& options);
Result<ImportBatch> parse_stopncii_json(std::string_view text, std::string_view file,
                                        const ImportOptions& options);

}  // namespace vigil::bank_import
