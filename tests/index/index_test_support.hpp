// Helpers for the PdqIndex tests: the brute-force reference and random banks with planted
// near-duplicates.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "index/pdq_index.hpp"

namespace vigil::index_testing {

// What PdqIndex::query must return: every entry within max_distance of any variant, once,
// with its smallest distance and lowest such variant, sorted by (distance, entry).
inline std::vector<PdqHit> brute_force(std::span<const Pdq256> bank,
                                       std::span<const Pdq256> variants, int max_distance) {
  std::vector<PdqHit> hits;
  for (std::size_t e = 0; e < bank.size(); ++e) {
    int best = 1000;
    std::size_t best_variant = 0;
    for (std::size_t v = 0; v < variants.size(); ++v) {
      const int d = hamming_distance(bank[e], variants[v]);
      if (d < best) {
        best = d;
        best_variant = v;
      }
    }
    if (best <= max_distance) {
      hits.push_back({static_cast<std::uint32_t>(e), static_cast<std::uint8_t>(best),
                      static_cast<std::uint8_t>(best_variant)});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const PdqHit& a, const PdqHit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.entry < b.entry;
  });
  return hits;
}

inline Pdq256 random_hash(std::mt19937_64& rng) {
  Pdq256 h;
  for (auto& w : h.words) w = rng();
  return h;
}

// `h` with exactly `bits` distinct random bits flipped.
inline Pdq256 flip_bits(Pdq256 h, int bits, std::mt19937_64& rng) {
  std::array<int, 256> positions{};
  for (int i = 0; i < 256; ++i) positions[static_cast<std::size_t>(i)] = i;
  std::shuffle(positions.begin(), positions.end(), rng);
  for (int i = 0; i < bits; ++i) {
    const int p = positions[static_cast<std::size_t>(i)];
    h.words[static_cast<std::size_t>(p / 64)] ^= std::uint64_t{1} << (63 - p % 64);
  }
  return h;
}

// `random` random hashes, then `planted` near-duplicates of earlier entries (0..max_flips
// bits flipped, so some are exact duplicates).
inline std::vector<Pdq256> planted_bank(std::size_t random, std::size_t planted, int max_flips,
                                        std::mt19937_64& rng) {
  std::vector<Pdq256> bank;
  bank.reserve(random + planted);
  for (std::size_t i = 0; i < random; ++i) bank.push_back(random_hash(rng));
  std::uniform_int_distribution<int> flips(0, max_flips);
  for (std::size_t i = 0; i < planted; ++i) {
    std::uniform_int_distribution<std::size_t> pick(0, bank.size() - 1);
    bank.push_back(flip_bits(bank[pick(rng)], flips(rng), rng));
  }
  return bank;
}

// 1..8 query variants; each is random or near a bank entry (0..max_flips bits away).
inline std::vector<Pdq256> query_variants(std::span<const Pdq256> bank, std::size_t count,
                                          int max_flips, std::mt19937_64& rng) {
  std::vector<Pdq256> q;
  std::uniform_int_distribution<int> flips(0, max_flips);
  for (std::size_t v = 0; v < count; ++v) {
    if (bank.empty() || rng() % 3 == 0) {
      q.push_back(random_hash(rng));
    } else {
      std::uniform_int_distribution<std::size_t> pick(0, bank.size() - 1);
      q.push_back(flip_bits(bank[pick(rng)], flips(rng), rng));
    }
  }
  return q;
}

}  // namespace vigil::index_testing
