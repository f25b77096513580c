// Writes one chunk's table (postings, bases, locals; see index_image.hpp) into an image.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "index_image.hpp"
#include "pdq_index.hpp"

namespace vigil::index {

// Work arrays reused from chunk to chunk: fresh multi-MB allocations cost a page fault and a
// page clear per 4 KiB, which otherwise dominates the build.
class TableWriter {
 public:
  explicit TableWriter(std::span<const Pdq256> hashes) : hashes_(hashes) {}

  // Per chunk, the largest block shift (<= kMaxBlockShift) for which every block of 2^shift
  // buckets spans at most 0xFFFF postings, so every local offset fits 16 bits.
  // Precondition: every width >= 8.
  std::vector<std::uint32_t> choose_block_shifts(std::span<const ChunkShape> shapes);

  // Fills the postings, bases and locals that `rec` (shape and shift) places in `image`.
  void write(std::uint8_t* image, const ChunkRecord& rec);

 private:
  void fill_keys(ChunkShape shape);
  std::uint32_t exact_block_shift(ChunkShape shape);

  std::span<const Pdq256> hashes_;
  std::vector<std::uint32_t> keys_;       // each entry's key in the current chunk
  std::vector<std::uint64_t> pairs_;      // (key << 32 | id), grouped by partition
  std::vector<std::uint32_t> counts_;     // histogram / prefix sums, reused
  std::vector<std::uint32_t> partition_;  // partition starts
};

}  // namespace vigil::index
