// The two ways to answer a query. Both append each matching entry ONCE, with its smallest
// distance and lowest winning variant, to `out` (unsorted); the caller sorts.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "chunk_layout.hpp"
#include "index_image.hpp"
#include "pdq_index.hpp"
#include "query_plan.hpp"

namespace vigil::index {

struct SearchCounters {
  std::uint64_t probes = 0;
  std::uint64_t candidates = 0;
};

struct SearchRequest {
  const IndexView* index = nullptr;
  std::span<const Pdq256> variants;  // 1..PdqIndex::kMaxVariants
  int max_distance = 0;              // 0..kMaxPlannedDistance
};

// Multi-index hashing with `plan`; masks[c] enumerates chunk c's neighbours up to at least
// plan.radius[c]. Precondition: plan.feasible.
SearchCounters multi_index_search(const SearchRequest& request, const RadiusPlan& plan,
                                  const std::array<const FlipMasks*, kMaxSubstrings>& masks,
                                  std::vector<PdqHit>& out);

// Compares every entry with every variant.
SearchCounters linear_scan(const SearchRequest& request, std::vector<PdqHit>& out);

}  // namespace vigil::index
