// Banks end to end: import (BankStore::apply), open (Bank::open: mmap + checksum +
// validation), and per-image match through Bank::match with 8 dihedral variants at d=31,
// for banks of random PDQ hashes with planted near-duplicates. Single-threaded.
//
//   vigil_bench_bank                 # 1M entries
//   vigil_bench_bank 10000000        # 10M entries (about 3 GB of RAM while importing)
// Writes the bank under $TMPDIR (or /tmp) and removes it at exit.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "vigil/bank_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string random_pdq(std::mt19937_64& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(64, '0');
  for (char& c : hex) c = kHex[random() % 16];
  return hex;
}

std::string flip_random_bits(std::string hex, int bits, std::mt19937_64& random) {
  for (int i = 0; i < bits; ++i) {
    const std::size_t digit = random() % 64;
    const int value = hex[digit] <= '9' ? hex[digit] - '0' : hex[digit] - 'a' + 10;
    hex[digit] = "0123456789abcdef"[value ^ (1 << (random() % 4))];
  }
  return hex;
}

// Drops the file from the page cache so the open is measured cold.
void evict(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path dir = std::filesystem::path(tmp != nullptr ? tmp : "/tmp") /
                                    ("vigil-bank-bench-" + std::to_string(::getpid()));
  std::mt19937_64 random(20261129);

  std::vector<vigil::BankEntry> entries(count);
  for (std::size_t i = 0; i < count; ++i) {
    entries[i].signal_type = "pdq";
    entries[i].value = random_pdq(random);
    entries[i].entry_id = "entry-" + std::to_string(i);
    entries[i].source = "bench";
  }
  // Queries: 1,000 images, each the variants of a planted entry (one variant within 0..31
  // bits of it) plus 7 unrelated hashes.
  std::vector<vigil::Signal> queries;
  for (int q = 0; q < 1000; ++q) {
    vigil::Signal signal{"pdq", "", 100, {}};
    const char* names[] = {"orig",  "rot90", "rot180",    "rot270",
                           "flipx", "flipy", "flipplus1", "flipminus1"};
    const std::size_t planted = random() % count;
    for (int v = 0; v < 8; ++v) signal.attributes[names[v]] = random_pdq(random);
    signal.attributes[names[q % 8]] =
        flip_random_bits(entries[planted].value, static_cast<int>(random() % 32), random);
    signal.value = signal.attributes["orig"];
    queries.push_back(std::move(signal));
  }

  vigil::BankStore store(dir);
  auto start = Clock::now();
  auto info = store.apply("bench", {std::move(entries), {}}, vigil::ImportMode::replace, "bench");
  if (!info.ok()) {
    std::fprintf(stderr, "import failed: %s\n", info.status().to_string().c_str());
    return 2;
  }
  const double import_seconds = seconds_since(start);
  const auto snapshot_bytes = std::filesystem::file_size(info->path);

  evict(info->path);
  start = Clock::now();
  auto bank = vigil::Bank::open(info->path);
  const double cold_open = seconds_since(start);
  if (!bank.ok()) {
    std::fprintf(stderr, "open failed: %s\n", bank.status().to_string().c_str());
    return 2;
  }
  start = Clock::now();
  auto warm = vigil::Bank::open(info->path);
  const double warm_open = seconds_since(start);

  std::vector<double> micros;
  std::size_t hits = 0;
  std::vector<vigil::Match> matches;
  for (int round = 0; round < 3; ++round) {
    for (const vigil::Signal& query : queries) {
      matches.clear();
      const auto t = Clock::now();
      (*bank)->match({query}, {}, matches);
      micros.push_back(seconds_since(t) * 1e6);
      hits += matches.size();
    }
  }
  std::sort(micros.begin(), micros.end());
  auto percentile = [&](double p) {
    return micros[static_cast<std::size_t>(p * static_cast<double>(micros.size() - 1))];
  };

  std::printf("entries                 %zu\n", count);
  std::printf("import (apply)          %.2f s\n", import_seconds);
  std::printf("snapshot size           %.1f MB (%.1f bytes/entry on disk)\n",
              static_cast<double>(snapshot_bytes) / 1e6,
              static_cast<double>(snapshot_bytes) / static_cast<double>(count));
  std::printf("open, cold page cache   %.3f s (mmap + SHA-256 + validation)\n", cold_open);
  std::printf("open, warm page cache   %.3f s\n", warm_open);
  std::printf(
      "match per image (8 variants, d=31): p50 %.0f us, p99 %.0f us, %zu hits / %zu queries\n",
      percentile(0.5), percentile(0.99), hits, micros.size());
  std::filesystem::remove_all(dir);
  return 0;
}
