#include "kernel_dispatch.hpp"

#include <cstdlib>

namespace vigil::index {

namespace {

KernelLevel detect() noexcept {
#if VIGIL_INDEX_X86_KERNELS
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512vpopcntdq") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("popcnt")) {
    return KernelLevel::avx512;
  }
  if (__builtin_cpu_supports("popcnt")) return KernelLevel::popcnt;
#endif
  return KernelLevel::portable;
}

KernelLevel requested(KernelLevel detected) noexcept {
  const char* env = std::getenv("VIGIL_PDQ_KERNEL");
  if (env == nullptr) return detected;
  const std::string_view want(env);
  for (KernelLevel level : {KernelLevel::portable, KernelLevel::popcnt, KernelLevel::avx512}) {
    if (want == to_string(level)) return level < detected ? level : detected;
  }
  return detected;
}

}  // namespace

KernelLevel kernel_level() noexcept {
  static const KernelLevel level = requested(detect());
  return level;
}

std::string_view to_string(KernelLevel level) noexcept {
  switch (level) {
    case KernelLevel::portable:
      return "portable";
    case KernelLevel::popcnt:
      return "popcnt";
    case KernelLevel::avx512:
      return "avx512";
  }
  return "portable";
}

}  // namespace vigil::index
