// Multi-index hashing search (compiled with -O3, see CMakeLists.txt).
//
// For each variant and each probed chunk, every key within the chunk's radius is looked up.
// Each lookup, each bucket's first postings and each candidate's hash is a random access into
// a table far larger than the caches, so the search is a three-stage software pipeline that
// keeps many misses in flight: (1) bucket offsets are prefetched kBucketPrefetch probes
// ahead; (2) non-empty bucket ranges are queued (up to kRangeBatch) with their postings
// prefetched, then copied out as (variant, chunk)-tagged candidates; (3) candidates are
// verified in batches of kBatch, each hash prefetched kHashPrefetch candidates ahead. A
// candidate is rejected on the front half of its hash alone unless that is within range.
//
// Deduplication needs no visited set: a verified hit is reported only by its owner, the
// (variant, chunk) pair that the search reaches first for it. The owner variant is the one
// with the smallest distance (lowest index on ties): it is within max_distance, so by
// pigeonhole its probes find the entry. The owner chunk is the first probed chunk whose key
// is within that chunk's radius. Checking ownership costs a few popcounts per HIT, against a
// random access per CANDIDATE for a visited bitset.
#include <algorithm>

#include "kernel_dispatch.hpp"
#include "popcount.hpp"
#include "search_kernels.hpp"

namespace vigil::index {

namespace {

constexpr std::size_t kBatch = 2048;         // candidates verified per flush
constexpr std::size_t kRangeBatch = 256;     // bucket ranges queued before copying them out
constexpr std::size_t kHashPrefetch = 32;    // candidates ahead
constexpr std::size_t kBucketPrefetch = 24;  // probes ahead
constexpr unsigned kVariantShift = 40;
constexpr unsigned kChunkShift = 32;

template <class Pop>
class MultiIndexSearch {
 public:
  MultiIndexSearch(const SearchRequest& request, const RadiusPlan& plan,
                   const std::array<const FlipMasks*, kMaxSubstrings>& masks,
                   std::vector<PdqHit>& out, std::uint64_t* batch)
      : ix_(*request.index),
        variants_(request.variants),
        max_distance_(request.max_distance),
        plan_(plan),
        masks_(masks),
        out_(out),
        batch_(batch) {}

  SearchCounters run() {
    for (std::size_t v = 0; v < variants_.size(); ++v) {
      for (std::size_t c = 0; c < ix_.substrings; ++c) {
        keys_[v][c] = chunk_key(variants_[v].words.data(), ix_.chunks[c].shape);
      }
    }
    for (std::size_t v = 0; v < variants_.size(); ++v) {
      for (std::size_t c = 0; c < ix_.substrings; ++c) {
        if (plan_.radius[c] >= 0) probe_chunk(v, c);
      }
    }
    drain_ranges();
    flush();
    return counters_;
  }

 private:
  void probe_chunk(std::size_t v, std::size_t c) {
    const ChunkTable& t = ix_.chunks[c];
    const std::span<const std::uint32_t> flips = masks_[c]->within(plan_.radius[c]);
    const std::uint32_t key = keys_[v][c];
    const std::uint64_t tag =
        (std::uint64_t{v} << kVariantShift) | (std::uint64_t{c} << kChunkShift);
    const std::size_t n = flips.size();
    for (std::size_t j = 0; j < std::min(n, kBucketPrefetch); ++j) {
      prefetch(t.locals + (key ^ flips[j]));
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (j + kBucketPrefetch < n) prefetch(t.locals + (key ^ flips[j + kBucketPrefetch]));
      const std::uint32_t k = key ^ flips[j];
      const std::uint64_t begin = std::uint64_t{t.bases[k >> t.block_shift]} + t.locals[k];
      std::uint64_t end = std::uint64_t{t.bases[(k + 1) >> t.block_shift]} + t.locals[k + 1];
      end = std::min<std::uint64_t>(end, ix_.entries);  // memory safety on a corrupt image
      if (begin < end) {
        queue_range(t.postings + begin, static_cast<std::uint32_t>(end - begin), tag);
      }
    }
    counters_.probes += n;
  }

  void queue_range(const std::uint32_t* ids, std::uint32_t count, std::uint64_t tag) {
    prefetch(ids);
    ranges_[queued_ranges_++] = {ids, count, tag};
    if (queued_ranges_ == kRangeBatch) drain_ranges();
  }

  void drain_ranges() {
    for (std::size_t r = 0; r < queued_ranges_; ++r) {
      append(ranges_[r].ids, ranges_[r].count, ranges_[r].tag);
    }
    queued_ranges_ = 0;
  }

  void append(const std::uint32_t* ids, std::size_t n, std::uint64_t tag) {
    counters_.candidates += n;
    while (n > 0) {
      const std::size_t take = std::min(n, kBatch - queued_);
      std::uint64_t* dst = batch_ + queued_;
      for (std::size_t i = 0; i < take; ++i) dst[i] = tag | ids[i];
      queued_ += take;
      ids += take;
      n -= take;
      if (queued_ == kBatch) flush();
    }
  }

  void flush() {
    const std::uint64_t* front = ix_.front;
    for (std::size_t i = 0; i < std::min(queued_, kHashPrefetch); ++i) {
      prefetch(front + 2 * static_cast<std::uint32_t>(batch_[i]));
    }
    for (std::size_t i = 0; i < queued_; ++i) {
      if (i + kHashPrefetch < queued_) {
        prefetch(front + 2 * static_cast<std::uint32_t>(batch_[i + kHashPrefetch]));
      }
      const std::uint64_t item = batch_[i];
      const auto id = static_cast<std::uint32_t>(item);
      if (id >= ix_.entries) continue;  // corrupt posting
      const auto v = static_cast<std::size_t>(item >> kVariantShift);
      const std::uint64_t* q = variants_[v].words.data();
      int distance = Pop::half_distance(front + 2 * std::size_t{id}, q);
      if (distance > max_distance_) continue;
      distance += Pop::half_distance(ix_.back + 2 * std::size_t{id}, q + 2);
      if (distance <= max_distance_) {
        on_hit(id, v, static_cast<std::size_t>((item >> kChunkShift) & 0xFF), distance);
      }
    }
    queued_ = 0;
  }

  void on_hit(std::uint32_t id, std::size_t v, std::size_t c, int distance) {
    const std::array<std::uint64_t, 4> words = ix_.words(id);
    const std::uint64_t* entry = words.data();
    for (std::size_t w = 0; w < variants_.size(); ++w) {
      if (w == v) continue;
      const int other = index::distance<Pop>(entry, variants_[w].words.data());
      if (other < distance || (other == distance && w < v)) return;  // w owns it
    }
    for (std::size_t j = 0; j < c; ++j) {
      const int radius = plan_.radius[j];
      if (radius < 0) continue;
      const std::uint32_t diff = chunk_key(entry, ix_.chunks[j].shape) ^ keys_[v][j];
      if (Pop::count(diff) <= radius) return;  // chunk j found (or finds) it first
    }
    out_.push_back({id, static_cast<std::uint8_t>(distance), static_cast<std::uint8_t>(v)});
  }

  const IndexView& ix_;
  std::span<const Pdq256> variants_;
  int max_distance_;
  const RadiusPlan& plan_;
  const std::array<const FlipMasks*, kMaxSubstrings>& masks_;
  std::vector<PdqHit>& out_;
  std::uint64_t* batch_;
  std::size_t queued_ = 0;
  struct Range {
    const std::uint32_t* ids;
    std::uint32_t count;
    std::uint64_t tag;
  };
  std::array<Range, kRangeBatch> ranges_;
  std::size_t queued_ranges_ = 0;
  SearchCounters counters_;
  std::array<std::array<std::uint32_t, kMaxSubstrings>, PdqIndex::kMaxVariants> keys_{};
};

template <class Pop>
SearchCounters search(const SearchRequest& request, const RadiusPlan& plan,
                      const std::array<const FlipMasks*, kMaxSubstrings>& masks,
                      std::vector<PdqHit>& out, std::uint64_t* batch) {
  return MultiIndexSearch<Pop>(request, plan, masks, out, batch).run();
}

#if VIGIL_INDEX_X86_KERNELS
VIGIL_INDEX_TARGET("popcnt")
SearchCounters search_popcnt(const SearchRequest& request, const RadiusPlan& plan,
                             const std::array<const FlipMasks*, kMaxSubstrings>& masks,
                             std::vector<PdqHit>& out, std::uint64_t* batch) {
  return search<NativePopcount>(request, plan, masks, out, batch);
}
#endif

}  // namespace

SearchCounters multi_index_search(const SearchRequest& request, const RadiusPlan& plan,
                                  const std::array<const FlipMasks*, kMaxSubstrings>& masks,
                                  std::vector<PdqHit>& out) {
  thread_local std::vector<std::uint64_t> batch(kBatch);  // per thread, not per call
#if VIGIL_INDEX_X86_KERNELS
  if (kernel_level() != KernelLevel::portable) {
    return search_popcnt(request, plan, masks, out, batch.data());
  }
#endif
  return search<SwarPopcount>(request, plan, masks, out, batch.data());
}

}  // namespace vigil::index
