// PdqIndex: exact Hamming-distance search over a bank of 256-bit PDQ hashes.
// Internal to libvigil (banks use it; tests and benchmarks link vigil_internal to reach it).
//
// query() returns exactly what a brute-force comparison of every entry against every query
// variant returns: each entry within max_distance of ANY variant, once, with its smallest
// distance and the (lowest-index) variant that achieved it, sorted by (distance, entry).
//
// How: multi-index hashing (Norouzi et al.). The 256 bits are split into m substrings
// ("chunks"); by pigeonhole, an entry within distance d of the query is within r_i bits of
// it in at least one chunk i whenever sum(r_i + 1) >= d + 1. Each chunk has a table mapping
// its key to the entries holding it (CSR); the query enumerates the keys within r_i of its own
// and verifies the candidates with four popcounts. A cost model picks the radii per distance
// and falls back to a vectorised linear scan when that is cheaper (small banks, large d).
//
// The whole index is one contiguous, position-independent byte image, so a serialised index
// can be used in place from a read-only memory map: view() checks the header and the small
// per-chunk tables only, never walks the entries.
//
// Memory: 32 bytes per entry for the hash, 4 per entry per chunk, plus ~2 bytes per bucket
// (~97 bytes per entry at 1M entries, ~87 at 10M). Single-threaded cost at d=31 with 8
// variants: ~0.35 ms per query at 1M entries, ~1.2 ms at 10M (tests/bench/pdq_index_bench.cpp).
//
// Thread-safety: a PdqIndex is immutable; query() is const and may run concurrently from any
// number of threads (scratch space is per thread).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/status.hpp"

namespace vigil {

// A 256-bit PDQ hash. words[0] holds the first 16 hex digits (bits 255..192), most
// significant digit in the top nibble; words[3] holds the last 16.
struct Pdq256 {
  std::array<std::uint64_t, 4> words{};

  // Exactly 64 hex digits (either case), nothing else; nullopt otherwise.
  static std::optional<Pdq256> from_hex(std::string_view hex) noexcept;
  // 64 lowercase hex digits.
  std::string to_hex() const;

  friend bool operator==(const Pdq256&, const Pdq256&) = default;
};

// Number of differing bits, 0..256.
int hamming_distance(const Pdq256& a, const Pdq256& b) noexcept;

struct PdqHit {
  std::uint32_t entry;    // index into the hashes the index was built from
  std::uint8_t distance;  // smallest distance over the query's variants
  std::uint8_t variant;   // index into the query's variants; lowest one on ties

  friend bool operator==(const PdqHit&, const PdqHit&) = default;
};

// Which algorithm answers a query. automatic picks the cheaper by the expected number of
// probes and candidates; the others exist for tests and benchmarks. multi_index falls back to
// the scan when the index has no tables or the distance needs too many probes.
enum class PdqSearchPath : std::uint8_t { automatic, multi_index, linear_scan };

struct PdqIndexOptions {
  // Number of substrings (chunks) to index: 0 = none (linear scan only), 11..32 = that many
  // (chunks of 24..8 bits; each costs 4 bytes per entry plus ~2 bytes per 2^width buckets),
  // kAuto = chosen from the bank size: the fastest at d=31 with 8 variants within ~98 bytes
  // per entry (e.g. 14 for 1M entries, 12 for 10M), none for banks the scan answers faster.
  static constexpr int kAuto = -1;
  int substrings = kAuto;
};

struct PdqQueryOptions {
  PdqSearchPath path = PdqSearchPath::automatic;
};

// What one query did (for tests, benchmarks and tuning).
struct PdqQueryStats {
  PdqSearchPath path = PdqSearchPath::automatic;  // the path actually taken
  std::uint64_t probes = 0;                       // table buckets looked up
  std::uint64_t candidates = 0;                   // entries whose distance was computed
};

struct PdqViewOptions {
  // Also checksum the whole image (reads every byte: O(size), off by default). Without it,
  // view() checks the header, layout and small per-chunk tables, and queries stay memory-safe
  // on a corrupted payload (they may then return wrong hits, never read out of bounds).
  bool verify_checksum = false;
};

class PdqIndex {
 public:
  static constexpr int kMaxDistance = 63;
  static constexpr std::size_t kMaxVariants = 8;

  // An empty index (size() == 0).
  PdqIndex();
  ~PdqIndex();
  PdqIndex(PdqIndex&&) noexcept;
  PdqIndex& operator=(PdqIndex&&) noexcept;
  PdqIndex(const PdqIndex&) = delete;
  PdqIndex& operator=(const PdqIndex&) = delete;

  // Entry i is hashes[i]. Duplicates are allowed. Errors: too_large for more than 2^32 - 1
  // entries, invalid_argument for a bad options.substrings. Throws only std::bad_alloc.
  static Result<PdqIndex> build(std::vector<Pdq256> hashes, const PdqIndexOptions& options = {});

  // Replaces `out` with every entry within max_distance (0..kMaxDistance) of any of the
  // variants (1..kMaxVariants of them), as documented at the top of this file.
  // invalid_argument (and `out` cleared) for a distance or variant count out of range.
  Status query(std::span<const Pdq256> variants, int max_distance, std::vector<PdqHit>& out,
               const PdqQueryOptions& options = {}, PdqQueryStats* stats = nullptr) const;

  std::size_t size() const noexcept;
  // Bytes this index occupies: its image (owned or viewed) plus per-index side tables.
  std::size_t memory_bytes() const noexcept;
  // Number of indexed substrings (0 when the index only scans).
  int substrings() const noexcept;

  // The index's byte image (little-endian; 64-byte aligned for a built index). Write it to a
  // file and view() it later, e.g. from a read-only mmap. Valid while this index lives.
  std::span<const std::uint8_t> image() const noexcept;
  // A copy of image().
  std::vector<std::uint8_t> serialize() const;

  // An index over an image produced by image()/serialize(), used in place: no copy, no
  // per-entry work (it reads the header and each chunk's small block table). `bytes` must be
  // 8-byte aligned (mmap and std::vector data are) and must outlive the returned index and
  // everything moved from it. invalid_argument for a truncated, corrupted (header, layout,
  // or, with verify_checksum, any byte) or foreign image, or one from a big-endian host.
  static Result<PdqIndex> view(std::span<const std::uint8_t> bytes,
                               const PdqViewOptions& options = {});

 private:
  struct Impl;
  explicit PdqIndex(std::unique_ptr<const Impl> impl) noexcept;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace vigil
