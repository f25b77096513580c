#include "test_vectors.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef VIGIL_VECTORS_DIR_DEFAULT
#define VIGIL_VECTORS_DIR_DEFAULT ""
#endif

namespace vigil::pdq::testing {

std::optional<std::string> vectors_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("VIGIL_VECTORS_DIR"); env != nullptr && *env != '\0') {
    if (std::filesystem::is_directory(env, ec)) return std::string(env);
    return std::nullopt;
  }
  const std::string configured = VIGIL_VECTORS_DIR_DEFAULT;
  if (!configured.empty() && std::filesystem::is_directory(configured, ec)) return configured;
  return std::nullopt;
}

std::optional<std::vector<std::vector<std::string>>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::string sanitize_test_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("empty") : out;
}

}  // namespace vigil::pdq::testing
