// Internal access to ReportQueue's batching statistics, for tests and benchmarks; not part
// of the public API. Header-only over libvigil's exported class, so a test may link either
// vigil::internal or libvigil itself.
#pragma once

#include <cstddef>

#include "vigil/report_queue.hpp"

namespace vigil::report {

struct QueueAccess {
  // Largest number of rows committed in one transaction so far.
  static std::size_t largest_batch(const ReportQueue& queue) { return queue.largest_batch(); }
};

}  // namespace vigil::report
