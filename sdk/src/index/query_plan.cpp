#include "query_plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernel_dispatch.hpp"

namespace vigil::index {

namespace {

// Cost model constants (~ns), fitted to forced multi-index and scan runs on 1M and 10M
// banks (tests/bench/pdq_index_bench.cpp). A probe costs two random accesses (bucket
// offsets, then postings), a candidate one (the front half of its hash).
constexpr double kProbeCost = 24.0;
constexpr double kCandidateCost = 12.0;
constexpr double kMultiIndexFixed = 500.0;  // per query: keys, sorting, call overhead
constexpr double kScanEntryCost = 0.8;      // streaming 32 bytes per entry

// One distance per entry and variant, by kernel (see kernel_dispatch.hpp).
double scan_variant_cost() noexcept {
  switch (kernel_level()) {
    case KernelLevel::avx512:
      return 0.2;
    case KernelLevel::popcnt:
      return 1.2;
    case KernelLevel::portable:
      break;
  }
  return 3.0;
}
// A plan probing more buckets than this per variant is never worth it.
constexpr std::uint64_t kMaxProbesPerVariant = std::uint64_t{1} << 16;

// Design point for choose_substrings(): the production query.
constexpr int kDesignDistance = 31;
constexpr std::size_t kDesignVariants = 8;
constexpr double kMaxBytesPerEntry = 98.0;
constexpr double kSmallBankTableBytes = 16.0 * 1024 * 1024;

double expected_bucket_size(std::uint64_t entries, std::uint32_t width) {
  return static_cast<double>(entries) / std::ldexp(1.0, static_cast<int>(width));
}

// Cost of probing one chunk at exactly `radius` more than at radius - 1.
double marginal_cost(std::uint64_t entries, std::uint32_t width, int radius) {
  if (radius > static_cast<int>(width)) return std::numeric_limits<double>::infinity();
  const auto shell = static_cast<double>(ball_size(width, radius) -
                                         (radius > 0 ? ball_size(width, radius - 1) : 0));
  return shell * (kProbeCost + kCandidateCost * expected_bucket_size(entries, width));
}

RadiusPlan make_plan(std::uint64_t entries, std::span<const std::uint32_t> widths, int distance) {
  RadiusPlan plan;
  plan.radius.fill(-1);
  if (widths.empty()) return plan;
  // Greedy on the sum of (radius + 1): marginal costs grow with the radius (for radius <=
  // width / 2), so always taking the cheapest next step gives the cheapest plan.
  for (int covered = 0; covered < distance + 1; ++covered) {
    std::size_t best = 0;
    double best_cost = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const double c = marginal_cost(entries, widths[i], plan.radius[i] + 1);
      if (c < best_cost) {
        best_cost = c;
        best = i;
      }
    }
    if (!std::isfinite(best_cost)) return plan;  // cannot cover: infeasible
    ++plan.radius[best];
  }
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (plan.radius[i] < 0) continue;
    const std::uint64_t probes = ball_size(widths[i], plan.radius[i]);
    plan.probes += probes;
    plan.candidates += static_cast<double>(probes) * expected_bucket_size(entries, widths[i]);
  }
  plan.cost = static_cast<double>(plan.probes) * kProbeCost + plan.candidates * kCandidateCost;
  plan.feasible = plan.probes <= kMaxProbesPerVariant;
  return plan;
}

double table_bytes(std::uint64_t entries, int m) {
  double bytes = 4.0 * static_cast<double>(entries) * m;  // postings
  for (const ChunkShape& c : chunk_layout(m)) {
    const double buckets = std::ldexp(1.0, static_cast<int>(c.width));
    bytes += 2.0 * buckets + 4.0 * buckets / 256.0;  // 16-bit locals, bases every 2^8
  }
  return bytes;
}

}  // namespace

QueryPlanner::QueryPlanner(std::uint64_t entries, std::span<const ChunkShape> chunks)
    : entries_(entries), chunk_count_(chunks.size()) {
  for (std::size_t i = 0; i < chunks.size(); ++i) widths_[i] = chunks[i].width;
  const std::span<const std::uint32_t> widths(widths_.data(), chunk_count_);
  for (int d = 0; d <= kMaxPlannedDistance; ++d) {
    plans_[static_cast<std::size_t>(d)] = make_plan(entries, widths, d);
  }
}

double QueryPlanner::multi_index_cost(int distance, std::size_t variants) const noexcept {
  const RadiusPlan& p = plan(distance);
  if (!p.feasible) return std::numeric_limits<double>::infinity();
  return kMultiIndexFixed + p.cost * static_cast<double>(variants);
}

double QueryPlanner::scan_cost(std::size_t variants) const noexcept {
  return static_cast<double>(entries_) *
         (kScanEntryCost + scan_variant_cost() * static_cast<double>(variants));
}

bool QueryPlanner::prefer_multi_index(int distance, std::size_t variants) const noexcept {
  return multi_index_cost(distance, variants) < scan_cost(variants);
}

int QueryPlanner::max_radius(std::uint32_t width) const noexcept {
  int best = -1;
  for (const RadiusPlan& p : plans_) {
    if (!p.feasible) continue;
    for (std::size_t i = 0; i < chunk_count_; ++i) {
      if (widths_[i] == width) best = std::max(best, static_cast<int>(p.radius[i]));
    }
  }
  return best;
}

int choose_substrings(std::uint64_t entries) {
  if (entries == 0) return 0;
  const double n = static_cast<double>(entries);
  int best_m = 0;
  double best_cost = QueryPlanner(entries, {}).scan_cost(kDesignVariants);
  for (int m = kMinSubstrings; m <= kMaxSubstrings; ++m) {
    const double tables = table_bytes(entries, m);
    if (32.0 + tables / n > kMaxBytesPerEntry && tables > kSmallBankTableBytes) continue;
    std::vector<std::uint32_t> widths;
    for (const ChunkShape& c : chunk_layout(m)) widths.push_back(c.width);
    const RadiusPlan plan = make_plan(entries, widths, kDesignDistance);
    if (!plan.feasible) continue;
    const double cost = kMultiIndexFixed + plan.cost * static_cast<double>(kDesignVariants);
    if (cost < best_cost) {
      best_cost = cost;
      best_m = m;
    }
  }
  return best_m;
}

}  // namespace vigil::index
