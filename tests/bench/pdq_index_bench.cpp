// PdqIndex: query latency, build time, memory and cold-open time on banks of 1M and 10M
// random PDQ hashes with planted near-duplicates (so queries have hits). Single-threaded.
//
// Query benchmarks time each query (one image: 8 variants, d = 31) and report p50/p99 in
// microseconds as counters (Time is the mean): wall clock (p50_us, p99_us) and this thread's
// CPU time (cpu_p50_us, cpu_p99_us), which leaves out preemption on a shared machine. Optional
// FAISS peers (IndexBinaryFlat and IndexBinaryMultiHash, one variant, one OpenMP thread) run when
// FAISS was found at build.
//
//   vigil_bench_pdq_index                      # everything: ~30 s idle, ~1 min loaded
//   vigil_bench_pdq_index --benchmark_filter=1M
//   PDQ_INDEX_BENCH_SUBSTRINGS=14 vigil_bench_pdq_index ...   # force the chunk count
//   PDQ_INDEX_BENCH_DIR=/tmp ...               # where the 10M image file is written
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "index/pdq_index.hpp"

#if VIGIL_BENCH_HAVE_FAISS
#include <faiss/IndexBinaryFlat.h>
#include <faiss/IndexBinaryHash.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <omp.h>
#endif

namespace {

using vigil::Pdq256;
using vigil::PdqHit;
using vigil::PdqIndex;
using Clock = std::chrono::steady_clock;

constexpr int kDistance = 31;
constexpr std::size_t kVariants = 8;
constexpr std::size_t kQueries = 1024;  // distinct query images, cycled
constexpr std::size_t kMillion = 1'000'000;

Pdq256 random_hash(std::mt19937_64& rng) {
  Pdq256 h;
  for (auto& w : h.words) w = rng();
  return h;
}

// `h` with exactly `bits` distinct bits flipped.
Pdq256 flip_bits(Pdq256 h, int bits, std::mt19937_64& rng) {
  Pdq256 flipped{};
  for (int done = 0; done < bits;) {
    const auto p = static_cast<std::size_t>(rng() % 256);
    const std::uint64_t bit = std::uint64_t{1} << (p % 64);
    if ((flipped.words[p / 64] & bit) != 0) continue;
    flipped.words[p / 64] |= bit;
    h.words[p / 64] ^= bit;
    ++done;
  }
  return h;
}

// A bank of `n` random hashes plus, for each query image, two entries planted within
// 0..31 bits of one of its variants; and the query images themselves (8 random variants).
struct Workload {
  std::vector<Pdq256> bank;
  std::vector<std::array<Pdq256, kVariants>> queries;
  std::vector<std::size_t> planted_variant;  // which variant of each query has planted hits
};

const Workload& workload(std::size_t n) {
  static std::map<std::size_t, Workload> cache;
  auto [it, fresh] = cache.try_emplace(n);
  if (!fresh) return it->second;
  Workload& w = it->second;
  std::mt19937_64 rng(n);
  w.bank.reserve(n + 2 * kQueries);
  for (std::size_t i = 0; i < n; ++i) w.bank.push_back(random_hash(rng));
  for (std::size_t q = 0; q < kQueries; ++q) {
    std::array<Pdq256, kVariants> variants;
    for (Pdq256& v : variants) v = random_hash(rng);
    const std::size_t planted = q % kVariants;
    for (int copy = 0; copy < 2; ++copy) {
      w.bank.push_back(flip_bits(variants[planted], static_cast<int>(rng() % 32), rng));
    }
    w.queries.push_back(variants);
    w.planted_variant.push_back(planted);
  }
  // Spread the planted entries through the bank.
  std::shuffle(w.bank.begin(), w.bank.end(), rng);
  return w;
}

int forced_substrings() {
  const char* env = std::getenv("PDQ_INDEX_BENCH_SUBSTRINGS");
  return env != nullptr ? std::atoi(env) : vigil::PdqIndexOptions::kAuto;
}

struct Built {
  PdqIndex index;
  double build_seconds = 0;
};

const Built& built(std::size_t n) {
  static std::map<std::size_t, Built> cache;
  auto [it, fresh] = cache.try_emplace(n);
  if (fresh) {
    std::vector<Pdq256> bank = workload(n).bank;
    const auto start = Clock::now();
    it->second.index = PdqIndex::build(std::move(bank), {forced_substrings()}).value();
    it->second.build_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return it->second;
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

void set_percentiles(benchmark::State& state, std::vector<double>& micros,
                     const std::string& prefix = "") {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  const auto at = [&](double q) {
    return micros[std::min(micros.size() - 1,
                           static_cast<std::size_t>(q * static_cast<double>(micros.size())))];
  };
  state.counters[prefix + "p50_us"] = at(0.50);
  state.counters[prefix + "p99_us"] = at(0.99);
}

// One PdqIndex query per iteration, timed individually.
void run_queries(benchmark::State& state, const PdqIndex& index, const Workload& w,
                 std::size_t variants, vigil::PdqSearchPath path) {
  std::vector<double> micros, cpu_micros;
  micros.reserve(static_cast<std::size_t>(state.max_iterations));
  cpu_micros.reserve(static_cast<std::size_t>(state.max_iterations));
  std::vector<PdqHit> hits;
  vigil::PdqQueryStats stats;
  double total_hits = 0, candidates = 0, probes = 0;
  std::size_t q = 0;
  for (auto _ : state) {
    const auto& query = w.queries[q % kQueries];
    // One variant: the one with planted hits (what the FAISS peers are given too).
    const std::span<const Pdq256> vs =
        variants == 1 ? std::span<const Pdq256>(&query[w.planted_variant[q % kQueries]], 1)
                      : std::span<const Pdq256>(query.data(), variants);
    const double cpu_start = thread_cpu_seconds();
    const auto start = Clock::now();
    const vigil::Status s = index.query(vs, kDistance, hits, {path}, &stats);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    cpu_micros.push_back((thread_cpu_seconds() - cpu_start) * 1e6);
    if (!s.ok()) state.SkipWithError(s.to_string().c_str());
    state.SetIterationTime(seconds);
    micros.push_back(seconds * 1e6);
    total_hits += static_cast<double>(hits.size());
    candidates += static_cast<double>(stats.candidates);
    probes += static_cast<double>(stats.probes);
    ++q;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["hits/q"] = total_hits / n;
  state.counters["candidates/q"] = candidates / n;
  state.counters["probes/q"] = probes / n;
  state.counters["bytes/entry"] =
      static_cast<double>(index.memory_bytes()) / static_cast<double>(index.size());
  state.counters["substrings"] = index.substrings();
  set_percentiles(state, micros);
  set_percentiles(state, cpu_micros, "cpu_");
}

void BM_Build(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  (void)workload(n);
  for (auto _ : state) state.SetIterationTime(built(n).build_seconds);
  const PdqIndex& index = built(n).index;
  state.counters["build_s"] = built(n).build_seconds;
  state.counters["entries"] = static_cast<double>(index.size());
  state.counters["bytes/entry"] =
      static_cast<double>(index.memory_bytes()) / static_cast<double>(index.size());
  state.counters["substrings"] = index.substrings();
}

void BM_Query8Variants(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  run_queries(state, built(n).index, workload(n), kVariants, vigil::PdqSearchPath::automatic);
}

void BM_Query8VariantsScan(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  run_queries(state, built(n).index, workload(n), kVariants, vigil::PdqSearchPath::linear_scan);
}

void BM_Query1Variant(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  run_queries(state, built(n).index, workload(n), 1, vigil::PdqSearchPath::automatic);
}

// The image in a file, memory-mapped read-only.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return;
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || st.st_size <= 0) return;
    size_ = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd_, 0);
    if (p != MAP_FAILED) data_ = static_cast<const std::uint8_t*>(p);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::span<const std::uint8_t> bytes() const { return {data_, data_ ? size_ : 0}; }

 private:
  int fd_ = -1;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

std::string image_path(std::size_t n) {
  const char* dir = std::getenv("PDQ_INDEX_BENCH_DIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/vigil_pdq_index_bench_" +
         std::to_string(n) + ".img";
}

std::map<std::size_t, std::string>& written_files() {
  static std::map<std::size_t, std::string> written;
  return written;
}

// Writes the built index's image to a file (once per process; removed at exit).
const std::string& image_file(std::size_t n) {
  std::map<std::size_t, std::string>& written = written_files();
  auto [it, fresh] = written.try_emplace(n, image_path(n));
  if (fresh) {
    const std::span<const std::uint8_t> image = built(n).index.image();
    std::ofstream out(it->second, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(image.data()),
              static_cast<std::streamsize>(image.size()));
    if (!out) std::fprintf(stderr, "cannot write %s\n", it->second.c_str());
  }
  return it->second;
}

// Drops the file's pages from the page cache (this file only), as after a reboot.
void evict_from_page_cache(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

// Open + mmap + view() + the first query. Arg 1: cold = the file evicted from the page cache
// first, so view() and the query read from disk; 0: warm = in the page cache, not yet mapped.
void BM_OpenViewFirstQuery(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool cold = state.range(1) != 0;
  const std::string& path = image_file(n);
  const Workload& w = workload(n);
  std::vector<double> view_ms, query_ms;
  std::vector<PdqHit> hits;
  std::size_t q = 0;
  for (auto _ : state) {
    if (cold) evict_from_page_cache(path);
    const auto start = Clock::now();
    MappedFile file(path);
    vigil::Result<PdqIndex> index = PdqIndex::view(file.bytes());
    const auto viewed = Clock::now();
    if (!index.ok()) {
      state.SkipWithError(index.status().to_string().c_str());
      break;
    }
    const vigil::Status s = index->query(w.queries[q++ % kQueries], kDistance, hits);
    const auto done = Clock::now();
    benchmark::DoNotOptimize(s);
    view_ms.push_back(std::chrono::duration<double, std::milli>(viewed - start).count());
    query_ms.push_back(std::chrono::duration<double, std::milli>(done - viewed).count());
    state.SetIterationTime(std::chrono::duration<double>(done - start).count());
  }
  if (view_ms.empty()) return;
  state.counters["open_view_ms"] = *std::max_element(view_ms.begin(), view_ms.end());
  state.counters["first_query_ms"] = *std::max_element(query_ms.begin(), query_ms.end());
  state.counters["image_MB"] = static_cast<double>(built(n).index.image().size()) / 1e6;
}

// Steady-state queries on the memory-mapped image (4 KiB pages, unlike the built index).
// Runs after the cold-open benchmark: the first iterations fault pages back in.
void BM_Query8VariantsMapped(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  MappedFile file(image_file(n));
  vigil::Result<PdqIndex> index = PdqIndex::view(file.bytes());
  if (!index.ok()) {
    state.SkipWithError(index.status().to_string().c_str());
    return;
  }
  run_queries(state, *index, workload(n), kVariants, vigil::PdqSearchPath::automatic);
}

BENCHMARK(BM_Build)
    ->Arg(kMillion)
    ->Arg(10 * kMillion)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Query8Variants)
    ->Name("BM_Query8Variants/1M")
    ->Arg(kMillion)
    ->UseManualTime()
    ->Iterations(4000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query8Variants)
    ->Name("BM_Query8Variants/10M")
    ->Arg(10 * kMillion)
    ->UseManualTime()
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query1Variant)
    ->Name("BM_Query1Variant/1M")
    ->Arg(kMillion)
    ->UseManualTime()
    ->Iterations(4000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query1Variant)
    ->Name("BM_Query1Variant/10M")
    ->Arg(10 * kMillion)
    ->UseManualTime()
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query8VariantsScan)
    ->Name("BM_Query8VariantsScan/1M")
    ->Arg(kMillion)
    ->UseManualTime()
    ->Iterations(30)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OpenViewFirstQuery)
    ->Name("BM_OpenViewFirstQuery/10M/warm")
    ->Args({10 * kMillion, 0})
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Query8VariantsMapped)
    ->Name("BM_Query8VariantsMapped/10M")
    ->Arg(10 * kMillion)
    ->UseManualTime()
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OpenViewFirstQuery)
    ->Name("BM_OpenViewFirstQuery/10M/cold")
    ->Args({10 * kMillion, 1})
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

#if VIGIL_BENCH_HAVE_FAISS
// FAISS over the same 1M bank as 256-bit codes; the query is each image's planted variant.
std::vector<std::uint8_t> to_codes(std::span<const Pdq256> hashes) {
  std::vector<std::uint8_t> codes(hashes.size() * 32);
  std::memcpy(codes.data(), hashes.data(), codes.size());  // any fixed byte order keeps distances
  return codes;
}

template <class MakeIndex>
void run_faiss(benchmark::State& state, MakeIndex make_index) {
  omp_set_num_threads(1);
  const auto n = static_cast<std::size_t>(state.range(0));
  const Workload& w = workload(n);
  const auto start = Clock::now();
  std::unique_ptr<faiss::IndexBinary> index = make_index();
  const std::vector<std::uint8_t> codes = to_codes(w.bank);
  index->add(static_cast<decltype(index->ntotal)>(w.bank.size()), codes.data());
  state.counters["build_s"] = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> micros, cpu_micros;
  double total_hits = 0;
  std::size_t q = 0;
  for (auto _ : state) {
    const Pdq256& v = w.queries[q % kQueries][w.planted_variant[q % kQueries]];
    const std::vector<std::uint8_t> code = to_codes(std::span(&v, 1));
    faiss::RangeSearchResult result(1);
    const double cpu_start = thread_cpu_seconds();
    const auto t0 = Clock::now();
    index->range_search(1, code.data(), kDistance + 1, &result);  // FAISS: distance < radius
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    cpu_micros.push_back((thread_cpu_seconds() - cpu_start) * 1e6);
    state.SetIterationTime(seconds);
    micros.push_back(seconds * 1e6);
    total_hits += static_cast<double>(result.lims[1]);
    ++q;
  }
  state.counters["hits/q"] = total_hits / static_cast<double>(state.iterations());
  set_percentiles(state, micros);
  set_percentiles(state, cpu_micros, "cpu_");
}

void BM_FaissFlat1Variant(benchmark::State& state) {
  run_faiss(state, [] { return std::make_unique<faiss::IndexBinaryFlat>(256); });
}

void BM_FaissMultiHash1Variant(benchmark::State& state) {
  run_faiss(state, [] {
    // 16 tables of 16 bits, 1 flip: exact for distances <= 16 * 2 - 1 = 31.
    auto index = std::make_unique<faiss::IndexBinaryMultiHash>(256, 16, 16);
    index->nflip = 1;
    return index;
  });
}

BENCHMARK(BM_FaissFlat1Variant)
    ->Name("BM_FaissFlat1Variant/1M")
    ->Arg(kMillion)
    ->UseManualTime()
    ->Iterations(50)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FaissMultiHash1Variant)
    ->Name("BM_FaissMultiHash1Variant/1M")
    ->Arg(kMillion)
    ->UseManualTime()
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);
#endif

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (const auto& [n, path] : written_files()) std::remove(path.c_str());
  return 0;
}
