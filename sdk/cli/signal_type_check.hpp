// Signal types in a hash list that no plugin computes: entries that can never match.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "vigil/bank_entry.hpp"

namespace vigil::cli {

struct UndeclaredTypes {
  std::map<std::string, std::size_t> entries_by_type;  // type -> entries of that type
  std::set<std::string> declared;  // every type some detector plugin on the path declares
};

// Counts the entries of `batches` whose signal type no detector plugin on the search
// path (`plugin_path` first, then $VIGIL_PLUGIN_PATH and the installed directory)
// declares. Removals are not counted: deleting a type nobody computes is harmless.
UndeclaredTypes undeclared_signal_types(const std::vector<ImportBatch>& batches,
                                        const std::vector<std::filesystem::path>& plugin_path);

// "3 entries of type 'pqd'" style lines, one per type, for a warning or an error.
std::string describe(const UndeclaredTypes& undeclared);

}  // namespace vigil::cli
