// The counting sort behind each chunk table, done in two cache-friendly passes: entries are
// first partitioned by the top 10 bits of their key (1024 sequential output streams),
// then each partition is counted and scattered within a window that fits in cache. A direct
// counting sort would make two random accesses per entry into multi-MB arrays.
#include "table_writer.hpp"

#include <algorithm>

namespace vigil::index {

namespace {

constexpr std::uint32_t kPartitionBits = 10;
constexpr std::uint32_t kCoarseShift = 8;

}  // namespace

void TableWriter::fill_keys(ChunkShape shape) {
  keys_.resize(hashes_.size());
  for (std::size_t i = 0; i < hashes_.size(); ++i) {
    keys_[i] = chunk_key(hashes_[i].words.data(), shape);
  }
}

std::vector<std::uint32_t> TableWriter::choose_block_shifts(std::span<const ChunkShape> shapes) {
  // One pass over the hashes fills a histogram per chunk of blocks of 2^kCoarseShift buckets,
  // small enough for cache. (Summing whole blocks is slightly stricter than needed: a block's
  // last bucket is part of no local offset.)
  std::vector<std::vector<std::uint32_t>> coarse;
  for (const ChunkShape& shape : shapes) {
    coarse.emplace_back(std::size_t{1} << (shape.width - kCoarseShift), 0);
  }
  for (const Pdq256& h : hashes_) {
    for (std::size_t c = 0; c < shapes.size(); ++c) {
      ++coarse[c][chunk_key(h.words.data(), shapes[c]) >> kCoarseShift];
    }
  }
  std::vector<std::uint32_t> shifts;
  for (std::size_t c = 0; c < shapes.size(); ++c) {
    const std::vector<std::uint32_t>& counts = coarse[c];
    const auto fits = [&](std::size_t group) {
      for (std::size_t b = 0; b < counts.size(); b += group) {
        std::uint64_t total = 0;
        for (std::size_t i = b; i < b + group; ++i) total += counts[i];
        if (total > 0xFFFF) return false;
      }
      return true;
    };
    std::uint32_t shift = 0;
    for (std::uint32_t s = std::min(shapes[c].width, kMaxBlockShift); s >= kCoarseShift; --s) {
      if (fits(std::size_t{1} << (s - kCoarseShift))) {
        shift = s;
        break;
      }
    }
    shifts.push_back(shift != 0 ? shift : exact_block_shift(shapes[c]));
  }
  return shifts;
}

// For a bank with very large buckets: the exact check, on blocks narrower than kCoarseShift.
std::uint32_t TableWriter::exact_block_shift(ChunkShape shape) {
  fill_keys(shape);
  counts_.assign(locals_count(shape.width), 0);
  for (std::uint32_t k : keys_) ++counts_[k + 1];
  for (std::size_t k = 1; k < counts_.size(); ++k) counts_[k] += counts_[k - 1];
  const std::size_t buckets = std::size_t{1} << shape.width;
  for (std::uint32_t s = kCoarseShift; s-- > 1;) {
    const std::size_t block = std::size_t{1} << s;
    bool ok = true;
    for (std::size_t b = 0; b < buckets && ok; b += block) {
      ok = counts_[b + block - 1] - counts_[b] <= 0xFFFF;
    }
    if (ok) return s;
  }
  return 0;
}

void TableWriter::write(std::uint8_t* image, const ChunkRecord& rec) {
  const std::uint32_t width = rec.bit_width;
  const std::uint32_t shift = rec.block_shift;
  const std::uint32_t part_bits = std::min(width, kPartitionBits);
  const std::uint32_t inner_bits = width - part_bits;  // bucket bits within a partition
  const std::size_t partitions = std::size_t{1} << part_bits;
  const std::size_t inner = std::size_t{1} << inner_bits;
  auto* postings = reinterpret_cast<std::uint32_t*>(image + rec.postings_offset);
  auto* bases = reinterpret_cast<std::uint32_t*>(image + rec.bases_offset);
  auto* locals = reinterpret_cast<std::uint16_t*>(image + rec.locals_offset);
  fill_keys({rec.bit_start, width});

  // Pass 1: partition (stable, so ids stay ascending within each bucket).
  partition_.assign(partitions + 1, 0);
  for (std::uint32_t k : keys_) ++partition_[(k >> inner_bits) + 1];
  for (std::size_t p = 1; p <= partitions; ++p) partition_[p] += partition_[p - 1];
  counts_.assign(partition_.begin(), partition_.end() - 1);  // cursors
  pairs_.resize(keys_.size());
  for (std::size_t id = 0; id < keys_.size(); ++id) {
    const std::uint32_t k = keys_[id];
    pairs_[counts_[k >> inner_bits]++] = (std::uint64_t{k} << 32) | id;
  }

  // Pass 2: per partition, bucket offsets, then the scatter into the partition's postings.
  const std::uint64_t block_mask = (std::uint64_t{1} << shift) - 1;
  std::vector<std::uint32_t>& offsets = counts_;
  for (std::size_t p = 0; p < partitions; ++p) {
    const std::uint32_t first = partition_[p];
    const std::uint32_t last = partition_[p + 1];
    offsets.assign(inner + 1, 0);
    for (std::uint32_t i = first; i < last; ++i) {
      ++offsets[(static_cast<std::uint32_t>(pairs_[i] >> 32) & (inner - 1)) + 1];
    }
    for (std::size_t b = 0; b < inner; ++b) {
      offsets[b + 1] += offsets[b];
      const std::uint64_t bucket = (p << inner_bits) | b;
      const std::uint32_t offset = first + offsets[b];
      if ((bucket & block_mask) == 0) bases[bucket >> shift] = offset;
      locals[bucket] = static_cast<std::uint16_t>(offset - bases[bucket >> shift]);
    }
    for (std::uint32_t i = first; i < last; ++i) {
      const auto b = static_cast<std::uint32_t>(pairs_[i] >> 32) & (inner - 1);
      postings[first + offsets[b]++] = static_cast<std::uint32_t>(pairs_[i]);
    }
  }
  // Sentinel bucket 2^width: begins at the end.
  const std::size_t end_bucket = std::size_t{1} << width;
  bases[end_bucket >> shift] = static_cast<std::uint32_t>(keys_.size());
  locals[end_bucket] = 0;
}

}  // namespace vigil::index
