// Decode + PDQ cost per uploaded file, on real JPEGs from the shared vectors:
//   jpeg_1_6MP  pdq/images/pdq/data/bridge-mods/aaa-orig.jpg            1600x1004 (1.61 MP)
//   jpeg_12MP   pdq/images/pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg  4032x3024 (12.19 MP)
// BM_DecodeAndHash: the file's bytes are read once; each iteration runs vigil::decode_image
//                   (default limits) + Hasher::hash_rgb, i.e. the per-upload time.
// BM_DecodeOnly:    decode_image alone, to split the figure above.
// BM_HashOnly:      hash_rgb on the frame decoded once (PDQ-only throughput).
// Counters: Mpix/s (image pixels per second, one core) and MB/s of encoded input.
// Vectors: $VIGIL_VECTORS_DIR, else the folder configured at build time; a benchmark whose
// file is missing is skipped with an error.
//
//   vigil_bench_decode_hash --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "pdq_hasher.hpp"
#include "vigil/decode.hpp"

#ifndef VIGIL_BENCH_VECTORS_DIR
#define VIGIL_BENCH_VECTORS_DIR ""
#endif

namespace {

std::optional<std::filesystem::path> vectors_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("VIGIL_VECTORS_DIR"); env != nullptr && *env != '\0') {
    if (std::filesystem::is_directory(env, ec)) return std::filesystem::path(env);
    return std::nullopt;
  }
  const std::filesystem::path configured = VIGIL_BENCH_VECTORS_DIR;
  if (!configured.empty() && std::filesystem::is_directory(configured, ec)) return configured;
  return std::nullopt;
}

// The encoded file, or an error message in `error`.
std::optional<std::vector<std::uint8_t>> read_vector(const char* relative, std::string& error) {
  const auto dir = vectors_dir();
  if (!dir) {
    error = "vectors not found: set VIGIL_VECTORS_DIR";
    return std::nullopt;
  }
  std::ifstream in(*dir / "pdq/images" / relative, std::ios::binary);
  if (!in) {
    error = std::string("cannot read ") + relative;
    return std::nullopt;
  }
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>());
}

void report(benchmark::State& state, const vigil::Frame& frame, std::size_t encoded_bytes) {
  const double pixels = static_cast<double>(frame.width) * static_cast<double>(frame.height);
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["Mpix/s"] =
      benchmark::Counter(pixels * 1e-6 * iterations, benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(
      static_cast<double>(encoded_bytes) * 1e-6 * iterations, benchmark::Counter::kIsRate);
  state.counters["Mpix"] = pixels * 1e-6;
  state.SetItemsProcessed(state.iterations());  // files
  state.SetLabel(std::to_string(frame.width) + "x" + std::to_string(frame.height));
}

void BM_DecodeAndHash(benchmark::State& state, const char* relative) {
  std::string error;
  const auto bytes = read_vector(relative, error);
  if (!bytes) {
    state.SkipWithError(error.c_str());
    return;
  }
  vigil::pdq::Hasher hasher;
  vigil::Frame last;
  for (auto _ : state) {
    vigil::Result<vigil::Media> media = vigil::decode_image(*bytes);
    if (!media.ok()) {
      state.SkipWithError(media.status().message().c_str());
      return;
    }
    const vigil::Frame& frame = media->frames.front();
    auto result = hasher.hash_rgb(frame.data(), frame.width, frame.height, frame.stride);
    benchmark::DoNotOptimize(result);
    last.width = frame.width;
    last.height = frame.height;
  }
  report(state, last, bytes->size());
}

void BM_DecodeOnly(benchmark::State& state, const char* relative) {
  std::string error;
  const auto bytes = read_vector(relative, error);
  if (!bytes) {
    state.SkipWithError(error.c_str());
    return;
  }
  vigil::Frame last;
  for (auto _ : state) {
    vigil::Result<vigil::Media> media = vigil::decode_image(*bytes);
    if (!media.ok()) {
      state.SkipWithError(media.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(media->frames.front().data());
    last.width = media->frames.front().width;
    last.height = media->frames.front().height;
  }
  report(state, last, bytes->size());
}

void BM_HashOnly(benchmark::State& state, const char* relative) {
  std::string error;
  const auto bytes = read_vector(relative, error);
  if (!bytes) {
    state.SkipWithError(error.c_str());
    return;
  }
  vigil::Result<vigil::Media> media = vigil::decode_image(*bytes);
  if (!media.ok()) {
    state.SkipWithError(media.status().message().c_str());
    return;
  }
  const vigil::Frame& frame = media->frames.front();
  vigil::pdq::Hasher hasher;
  for (auto _ : state) {
    auto result = hasher.hash_rgb(frame.data(), frame.width, frame.height, frame.stride);
    benchmark::DoNotOptimize(result);
  }
  report(state, frame, bytes->size());
}

constexpr char kJpeg1_6MP[] = "pdq/data/bridge-mods/aaa-orig.jpg";
constexpr char kJpeg12MP[] = "pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg";

BENCHMARK_CAPTURE(BM_DecodeAndHash, jpeg_1_6MP, kJpeg1_6MP)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DecodeAndHash, jpeg_12MP, kJpeg12MP)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DecodeOnly, jpeg_1_6MP, kJpeg1_6MP)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DecodeOnly, jpeg_12MP, kJpeg12MP)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HashOnly, jpeg_1_6MP, kJpeg1_6MP)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HashOnly, jpeg_12MP, kJpeg12MP)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
