// Test helper: locating the shared conformance vectors and reading their CSV files.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vigil::pdq::testing {

// The vectors folder: $VIGIL_VECTORS_DIR when set, else the directory the build configured
// (VIGIL_VECTORS_DIR_DEFAULT). nullopt when neither exists.
std::optional<std::string> vectors_dir();

// Reads a CSV file with a header line: one vector of fields per data row (no quoting:
// the vector files have none). nullopt when the file cannot be opened.
std::optional<std::vector<std::vector<std::string>>> read_csv(const std::string& path);

// A name usable as a GoogleTest parameter name: ASCII letters and digits, others -> '_'.
std::string sanitize_test_name(const std::string& s);

}  // namespace vigil::pdq::testing
