// Which instruction-set variant of the search kernels this CPU runs.
//
// The library is built for the baseline ISA (x86-64 has no popcount instruction), so the
// kernels are compiled several times with GCC/Clang target attributes and one is picked at
// run time: avx512 (AVX-512 VPOPCNTDQ: the scan runs 8 entries per instruction), popcnt (the
// scalar popcount instruction; GCC cannot vectorise popcounts with AVX2 alone, and a SWAR
// version vectorised with AVX2 measured slower), or portable (SWAR popcount).
// VIGIL_PDQ_KERNEL=portable|popcnt|avx512 lowers the choice (for tests and benchmarks); it
// never raises it above what the CPU supports.
#pragma once

#include <string_view>

namespace vigil::index {

enum class KernelLevel { portable, popcnt, avx512 };

KernelLevel kernel_level() noexcept;
std::string_view to_string(KernelLevel level) noexcept;

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define VIGIL_INDEX_X86_KERNELS 1
#define VIGIL_INDEX_TARGET(isa) __attribute__((target(isa), flatten))
#else
#define VIGIL_INDEX_X86_KERNELS 0
#endif

inline void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p, 0, 3);
#else
  (void)p;
#endif
}

}  // namespace vigil::index
