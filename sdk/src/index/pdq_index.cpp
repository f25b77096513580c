// PdqIndex: owns or views an index image and answers queries with the cheaper kernel.
#include <algorithm>
#include <limits>
#include <utility>

#include "chunk_layout.hpp"
#include "image_buffer.hpp"
#include "index_builder.hpp"
#include "index_image.hpp"
#include "pdq_index.hpp"
#include "query_plan.hpp"
#include "search_kernels.hpp"

namespace vigil {

struct PdqIndex::Impl {
  index::ImageBuffer owned;  // empty for a view
  std::span<const std::uint8_t> image;
  index::IndexView view;
  index::QueryPlanner planner;
  std::vector<index::FlipMasks> mask_tables;  // one per distinct chunk width
  std::array<const index::FlipMasks*, index::kMaxSubstrings> masks{};

  Impl(index::ImageBuffer buffer, std::span<const std::uint8_t> bytes,
       const index::IndexView& parsed)
      : owned(std::move(buffer)), image(bytes), view(parsed) {
    std::vector<index::ChunkShape> shapes;
    for (std::size_t c = 0; c < view.substrings; ++c) shapes.push_back(view.chunks[c].shape);
    planner = index::QueryPlanner(view.entries, shapes);
    mask_tables.reserve(2);  // chunk widths take at most two values; pointers stay valid
    for (const index::ChunkShape& shape : shapes) {
      const auto same = [&](const index::FlipMasks& m) { return m.width() == shape.width; };
      if (std::none_of(mask_tables.begin(), mask_tables.end(), same)) {
        mask_tables.emplace_back(shape.width, std::max(0, planner.max_radius(shape.width)));
      }
    }
    for (std::size_t c = 0; c < shapes.size(); ++c) {
      for (const index::FlipMasks& m : mask_tables) {
        if (m.width() == shapes[c].width) masks[c] = &m;
      }
    }
  }

  std::size_t memory_bytes() const noexcept {
    std::size_t bytes = image.size() + sizeof(Impl);
    for (const index::FlipMasks& m : mask_tables) bytes += m.memory_bytes();
    return bytes;
  }
};

PdqIndex::PdqIndex() : PdqIndex(build({}).value()) {}
PdqIndex::~PdqIndex() = default;
PdqIndex::PdqIndex(PdqIndex&&) noexcept = default;
PdqIndex& PdqIndex::operator=(PdqIndex&&) noexcept = default;
PdqIndex::PdqIndex(std::unique_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}

Result<PdqIndex> PdqIndex::build(std::vector<Pdq256> hashes, const PdqIndexOptions& options) {
  if (hashes.size() > std::numeric_limits<std::uint32_t>::max()) {
    return Status(ErrorCode::too_large, "PdqIndex::build: more than 2^32 - 1 hashes");
  }
  int m = options.substrings;
  if (m == PdqIndexOptions::kAuto) {
    m = index::choose_substrings(hashes.size());
  } else if (m != 0 && (m < index::kMinSubstrings || m > index::kMaxSubstrings)) {
    return Status(ErrorCode::invalid_argument, "PdqIndex::build: substrings must be 0 or 11..32");
  }
  index::ImageBuffer buffer = index::build_image(hashes, m);
  hashes = {};  // lower the peak: the image holds a copy
  const std::span<const std::uint8_t> bytes(buffer.data(), buffer.size());
  Result<index::IndexView> parsed = index::parse_image(bytes, false);
  if (!parsed.ok()) {
    return Status(ErrorCode::internal,
                  "PdqIndex::build produced a bad image: " + parsed.status().to_string());
  }
  return PdqIndex(std::make_unique<const Impl>(std::move(buffer), bytes, *parsed));
}

Result<PdqIndex> PdqIndex::view(std::span<const std::uint8_t> bytes,
                                const PdqViewOptions& options) {
  Result<index::IndexView> parsed = index::parse_image(bytes, options.verify_checksum);
  if (!parsed.ok()) return parsed.status();
  return PdqIndex(std::make_unique<const Impl>(index::ImageBuffer(), bytes, *parsed));
}

Status PdqIndex::query(std::span<const Pdq256> variants, int max_distance, std::vector<PdqHit>& out,
                       const PdqQueryOptions& options, PdqQueryStats* stats) const {
  out.clear();
  if (stats != nullptr) *stats = {};
  if (variants.empty() || variants.size() > kMaxVariants) {
    return Status(ErrorCode::invalid_argument,
                  "PdqIndex::query: needs 1.." + std::to_string(kMaxVariants) + " variants, got " +
                      std::to_string(variants.size()));
  }
  if (max_distance < 0 || max_distance > kMaxDistance) {
    return Status(ErrorCode::invalid_argument, "PdqIndex::query: max_distance must be 0.." +
                                                   std::to_string(kMaxDistance) + ", got " +
                                                   std::to_string(max_distance));
  }
  if (!impl_ || impl_->view.entries == 0) return Status::success();

  const index::RadiusPlan& plan = impl_->planner.plan(max_distance);
  bool use_tables = plan.feasible && options.path != PdqSearchPath::linear_scan;
  if (use_tables && options.path == PdqSearchPath::automatic) {
    use_tables = impl_->planner.prefer_multi_index(max_distance, variants.size());
  }
  const index::SearchRequest request{&impl_->view, variants, max_distance};
  const index::SearchCounters counters =
      use_tables ? index::multi_index_search(request, plan, impl_->masks, out)
                 : index::linear_scan(request, out);
  std::sort(out.begin(), out.end(), [](const PdqHit& a, const PdqHit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.entry < b.entry;
  });
  if (stats != nullptr) {
    stats->path = use_tables ? PdqSearchPath::multi_index : PdqSearchPath::linear_scan;
    stats->probes = counters.probes;
    stats->candidates = counters.candidates;
  }
  return Status::success();
}

std::size_t PdqIndex::size() const noexcept { return impl_ ? impl_->view.entries : 0; }

std::size_t PdqIndex::memory_bytes() const noexcept { return impl_ ? impl_->memory_bytes() : 0; }

int PdqIndex::substrings() const noexcept {
  return impl_ ? static_cast<int>(impl_->view.substrings) : 0;
}

std::span<const std::uint8_t> PdqIndex::image() const noexcept {
  return impl_ ? impl_->image : std::span<const std::uint8_t>();
}

std::vector<std::uint8_t> PdqIndex::serialize() const {
  const std::span<const std::uint8_t> bytes = image();
  return {bytes.begin(), bytes.end()};
}

}  // namespace vigil
