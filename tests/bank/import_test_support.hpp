// Helpers for the hash-list importer tests: parse text that must import, or must fail.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "vigil/list_import.hpp"

namespace vigil::bank_import_test {

// Made-up values, not hashes of anything.
inline const std::string kMd5A = "00112233445566778899aabbccddeeff";
inline const std::string kMd5B = "ffeeddccbbaa99887766554433221100";
inline const std::string kSha1 = "00112233445566778899aabbccddeeff00112233";
inline const std::string kHex64 =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

inline std::filesystem::path fixture(std::string_view name) {
  return std::filesystem::path(VIGIL_BANK_FIXTURES_DIR) / name;
}

// Parses `text` that must import; fails the test (and returns an empty batch) otherwise.
inline ImportBatch parse_ok(ListFormat format, std::string_view text,
                            const ImportOptions& options = {}, std::string_view file = "list.txt") {
  Result<ImportBatch> batch = parse_list(format, text, file, options);
  EXPECT_TRUE(batch.ok()) << batch.status().to_string();
  return batch.ok() ? std::move(batch).value() : ImportBatch{};
}

// Parses `text` that must fail with `code`; returns the message.
inline std::string parse_error(ListFormat format, std::string_view text,
                               const ImportOptions& options = {},
                               ErrorCode code = ErrorCode::malformed_list,
                               std::string_view file = "list.txt") {
  Result<ImportBatch> batch = parse_list(format, text, file, options);
  EXPECT_FALSE(batch.ok()) << "imported " << (batch.ok() ? batch->entries.size() : 0) << " entries";
  if (batch.ok()) return {};
  EXPECT_EQ(batch.status().code(), code) << batch.status().to_string();
  return batch.status().message();
}

inline ImportOptions with_default_type(std::string type) {
  ImportOptions options;
  options.default_type = std::move(type);
  return options;
}

inline BankEntry entry(std::string type, std::string value, std::string id = {},
                       std::string source = {}) {
  BankEntry result;
  result.signal_type = std::move(type);
  result.value = std::move(value);
  result.entry_id = id.empty() ? result.value : std::move(id);
  result.source = std::move(source);
  return result;
}

}  // namespace vigil::bank_import_test
