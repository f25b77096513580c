// Test helpers for banks: temporary bank directories and made-up benign hash values.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include "vigil/bank_entry.hpp"

namespace vigil::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("vigil-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `digits` random lowercase hex digits from `seed`.
inline std::string random_hex(unsigned seed, std::size_t digits) {
  std::mt19937 random(seed);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(digits, '0');
  for (char& c : hex) c = kHex[random() % 16];
  return hex;
}

// `hex` with the first `bits` bits flipped.
inline std::string flip_bits(std::string hex, int bits) {
  for (int i = 0; i < bits; ++i) {
    char& c = hex[static_cast<std::size_t>(i / 4)];
    int value = c <= '9' ? c - '0' : c - 'a' + 10;
    value ^= 8 >> (i % 4);
    c = "0123456789abcdef"[value];
  }
  return hex;
}

inline BankEntry entry(const std::string& type, const std::string& value, const std::string& id,
                       const std::string& category = "") {
  BankEntry e;
  e.signal_type = type;
  e.value = value;
  e.entry_id = id;
  e.source = "test";
  e.category = category;
  return e;
}

}  // namespace vigil::testing
