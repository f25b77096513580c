// Linear scan (compiled with -O3, see CMakeLists.txt): every entry against every variant,
// in blocks the compiler vectorises across entries.
#include <algorithm>

#include "kernel_dispatch.hpp"
#include "popcount.hpp"
#include "search_kernels.hpp"

namespace vigil::index {

namespace {

constexpr std::size_t kBlock = 256;

template <class Pop>
SearchCounters scan(const SearchRequest& request, std::vector<PdqHit>& out) {
  const IndexView& ix = *request.index;
  const std::size_t variants = request.variants.size();
  const auto limit = static_cast<std::uint16_t>(request.max_distance);
  std::array<std::array<std::uint64_t, 4>, PdqIndex::kMaxVariants> q{};
  for (std::size_t v = 0; v < variants; ++v) q[v] = request.variants[v].words;

  alignas(64) std::array<std::uint16_t, kBlock> best{};
  for (std::size_t first = 0; first < ix.entries; first += kBlock) {
    const std::size_t n = std::min(kBlock, ix.entries - first);
    const std::uint64_t* front = ix.front + 2 * first;
    const std::uint64_t* back = ix.back + 2 * first;
    const auto dist = [&](std::size_t j, std::size_t v) {
      return static_cast<std::uint16_t>(Pop::half_distance(front + 2 * j, q[v].data()) +
                                        Pop::half_distance(back + 2 * j, q[v].data() + 2));
    };
    for (std::size_t j = 0; j < n; ++j) best[j] = dist(j, 0);
    for (std::size_t v = 1; v < variants; ++v) {
      for (std::size_t j = 0; j < n; ++j) best[j] = std::min(best[j], dist(j, v));
    }
    std::uint16_t lowest = 0xFFFF;
    for (std::size_t j = 0; j < n; ++j) lowest = std::min(lowest, best[j]);
    if (lowest > limit) continue;
    for (std::size_t j = 0; j < n; ++j) {
      if (best[j] > limit) continue;
      std::size_t v = 0;
      while (dist(j, v) != best[j]) ++v;
      out.push_back({static_cast<std::uint32_t>(first + j), static_cast<std::uint8_t>(best[j]),
                     static_cast<std::uint8_t>(v)});
    }
  }
  return {0, ix.entries};
}

#if VIGIL_INDEX_X86_KERNELS
VIGIL_INDEX_TARGET("popcnt")
SearchCounters scan_popcnt(const SearchRequest& request, std::vector<PdqHit>& out) {
  return scan<NativePopcount>(request, out);
}
VIGIL_INDEX_TARGET("avx512f,avx512bw,avx512vl,avx512vpopcntdq,popcnt")
SearchCounters scan_avx512(const SearchRequest& request, std::vector<PdqHit>& out) {
  return scan<NativePopcount>(request, out);
}
#endif

}  // namespace

SearchCounters linear_scan(const SearchRequest& request, std::vector<PdqHit>& out) {
#if VIGIL_INDEX_X86_KERNELS
  switch (kernel_level()) {
    case KernelLevel::avx512:
      return scan_avx512(request, out);
    case KernelLevel::popcnt:
      return scan_popcnt(request, out);
    case KernelLevel::portable:
      break;
  }
#endif
  return scan<SwarPopcount>(request, out);
}

}  // namespace vigil::index
