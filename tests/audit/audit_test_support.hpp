// Shared helpers for the audit log tests: a temporary directory, a fake clock, raw access to
// the log's lines, and an independent implementation of the documented hash rule.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "vigil/audit_log.hpp"

namespace vigil::audit_test {

// 2026-11-29T14:00:00.123Z
inline constexpr std::int64_t kStartMs = 1'795'960'800'123;

inline std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

// The documented rule, written independently of libvigil: the hash covers the line up to
// `,"hash":` with the closing '}' put back. Returns the line with a freshly computed hash.
inline std::string reseal(const std::string& line) {
  const auto at = line.rfind(",\"hash\":\"");
  const std::string canonical = line.substr(0, at) + "}";
  return line.substr(0, at) + ",\"hash\":\"" + sha256_hex(canonical) + "\"}";
}

inline std::string hash_of(const std::string& line) {
  const auto at = line.rfind(",\"hash\":\"");
  return line.substr(at + 9, 64);
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Complete lines, without their '\n'.
inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  return lines;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device seed;
    dir_ = std::filesystem::temp_directory_path() /
           ("vigil_audit_test_" + std::to_string(seed()) + std::to_string(seed()));
    path_ = (dir_ / "logs" / "audit.log").string();  // logs/ does not exist yet
    head_ = path_ + ".head";
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // A fake clock that starts at kStartMs and moves 1 ms per record; no fsync (speed).
  AuditOptions options() const {
    AuditOptions o;
    o.fsync = false;
    o.clock = [now = now_] { return now->fetch_add(1); };
    return o;
  }

  std::unique_ptr<AuditLog> open(const AuditOptions& o) const {
    auto log = AuditLog::open(path_, o);
    if (!log.ok()) ADD_FAILURE() << log.status().to_string();
    return log.ok() ? std::move(log).value() : nullptr;
  }
  std::unique_ptr<AuditLog> open() const { return open(options()); }

  // Appends records whose fields look like those of an API call, numbered from `first`.
  static void append_calls(AuditLog& log, int count, int first = 1) {
    for (int i = first; i < first + count; ++i) {
      const std::string fields = "{\"row_id\":" + std::to_string(i) +
                                 ",\"endpoint\":\"/submit\",\"request_id\":\"R-" +
                                 std::to_string(i) + "\",\"code\":200}";
      auto seq = log.append("api_call", fields);
      ASSERT_TRUE(seq.ok()) << seq.status().to_string();
    }
  }

  // A log of `count` records, closed again.
  void write_chain(int count) {
    auto log = open();
    ASSERT_TRUE(log);
    append_calls(*log, count);
  }

  AuditVerification verify() const {
    auto result = verify_audit_log(path_);
    EXPECT_TRUE(result.ok()) << result.status().to_string();
    return result.ok() ? *result : AuditVerification{};
  }

  std::vector<std::string> lines() const { return split_lines(read_file(path_)); }
  void set_lines(const std::vector<std::string>& lines) const {
    write_file(path_, join_lines(lines));
  }

  std::filesystem::path dir_;
  std::string path_;
  std::string head_;
  std::shared_ptr<std::atomic<std::int64_t>> now_ =
      std::make_shared<std::atomic<std::int64_t>>(kStartMs);
};

}  // namespace vigil::audit_test
