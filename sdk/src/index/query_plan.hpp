// The cost model: which chunks to probe at which radius for a distance, whether the tables or
// a linear scan answer a query more cheaply, and how many chunks an index should have.
//
// Costs are in rough nanoseconds on a current x86 server: a probe or a candidate is a random
// memory access, the scan streams 32 bytes per entry. Only speed depends on them; every plan
// satisfies the pigeonhole bound, so results are exact whatever the constants.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "chunk_layout.hpp"

namespace vigil::index {

inline constexpr int kMaxPlannedDistance = 63;

struct RadiusPlan {
  // Radius probed in each chunk; -1 = chunk not probed. Sum over chunks of (radius + 1)
  // is >= d + 1, so every entry within d matches some probed chunk within its radius.
  std::array<std::int8_t, kMaxSubstrings> radius{};
  std::uint64_t probes = 0;  // buckets looked up per variant
  double candidates = 0;     // expected candidates per variant (uniform keys)
  double cost = 0;           // per variant
  bool feasible = false;     // false: too many probes, or no tables; scan instead
};

class QueryPlanner {
 public:
  QueryPlanner() = default;
  QueryPlanner(std::uint64_t entries, std::span<const ChunkShape> chunks);

  const RadiusPlan& plan(int distance) const noexcept {
    return plans_[static_cast<std::size_t>(distance)];
  }
  double multi_index_cost(int distance, std::size_t variants) const noexcept;
  double scan_cost(std::size_t variants) const noexcept;
  // True when the tables answer (distance, variants) more cheaply than the scan.
  bool prefer_multi_index(int distance, std::size_t variants) const noexcept;
  // Largest radius any feasible plan uses in a chunk of this width (-1: none).
  int max_radius(std::uint32_t width) const noexcept;

 private:
  std::uint64_t entries_ = 0;
  std::array<RadiusPlan, kMaxPlannedDistance + 1> plans_{};
  std::array<std::uint32_t, kMaxSubstrings> widths_{};
  std::size_t chunk_count_ = 0;
};

// The chunk count build() uses by default for a bank of `entries`: the cheapest at d = 31
// with 8 variants among those within ~100 bytes per entry (or a few MiB for small banks);
// 0 when the scan is cheaper anyway.
int choose_substrings(std::uint64_t entries);

}  // namespace vigil::index
