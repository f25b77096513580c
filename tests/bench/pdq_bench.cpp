// PDQ hashing throughput: Hasher::hash_rgb on synthetic RGB images of about 1.6 and 12
// megapixels (and the dihedral variant at 1.6 MP). Reports Mpix/s per core via the
// `Mpix/s` counter (and items_per_second = pixels per second).
//
//   vigil_bench_pdq --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "pdq_hasher.hpp"

namespace {

// A deterministic image with smooth structure and noise, so every stage does real work.
std::vector<std::uint8_t> make_image(int width, int height) {
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) *
                                3);
  std::mt19937 rng(12345);
  std::size_t i = 0;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const unsigned noise = rng() & 0x1F;
      rgb[i++] = static_cast<std::uint8_t>((x * 255 / width + noise) & 0xFF);
      rgb[i++] = static_cast<std::uint8_t>((y * 255 / height + noise) & 0xFF);
      rgb[i++] = static_cast<std::uint8_t>(((x ^ y) + noise) & 0xFF);
    }
  }
  return rgb;
}

void report(benchmark::State& state, int width, int height) {
  const double pixels = static_cast<double>(width) * static_cast<double>(height);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pixels));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(pixels * 3));
  state.counters["Mpix/s"] = benchmark::Counter(
      pixels * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_HashRgb(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const int height = static_cast<int>(state.range(1));
  const std::vector<std::uint8_t> rgb = make_image(width, height);
  vigil::pdq::Hasher hasher;
  const auto stride = static_cast<std::size_t>(width) * 3;
  for (auto _ : state) {
    auto r = hasher.hash_rgb(rgb.data(), static_cast<std::uint32_t>(width),
                             static_cast<std::uint32_t>(height), stride);
    benchmark::DoNotOptimize(r);
  }
  report(state, width, height);
}

void BM_HashRgbDihedral(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const int height = static_cast<int>(state.range(1));
  const std::vector<std::uint8_t> rgb = make_image(width, height);
  vigil::pdq::Hasher hasher;
  const auto stride = static_cast<std::size_t>(width) * 3;
  for (auto _ : state) {
    auto r = hasher.hash_rgb_dihedral(rgb.data(), static_cast<std::uint32_t>(width),
                                      static_cast<std::uint32_t>(height), stride);
    benchmark::DoNotOptimize(r);
  }
  report(state, width, height);
}

// 1600x1000 = 1.6 MP (a typical upload); 4000x3000 = 12 MP (a phone camera photo).
BENCHMARK(BM_HashRgb)->Args({1600, 1000})->Args({4000, 3000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HashRgbDihedral)->Args({1600, 1000})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
