// Hashing from Python: PdqHash, vigil.pdq / pdq_dihedral (the PDQ core on numpy arrays, no
// engine, no plugin) and vigil.hash_file / hash_bytes (the bundled hashing plugin, exactly
// like `vigil hash`). The helpers below are shared with the engine's scan inputs.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pdq_hash.hpp"
#include "vigil/signal.hpp"

namespace vigil::python {

namespace py = pybind11;

// vigil.PdqHash: 256 bits and the quality they were computed with (None when unknown).
struct PdqHash {
  pdq::Hash256 hash;
  std::optional<int> quality;

  // ValueError unless `hex` is 64 hex digits and quality is None or 0..100.
  static PdqHash from_hex(const std::string& hex, std::optional<int> quality);
  std::string repr() const;
};

// A uint8 image array checked for dtype and shape, with the pixels either viewed in place
// (positive row stride, tightly packed pixels) or compacted into `copy`.
struct PixelView {
  const std::uint8_t* data = nullptr;
  std::uint32_t width = 0, height = 0;
  std::size_t stride = 0;
  bool grey = false;
  std::vector<std::uint8_t> copy;  // non-empty when the array could not be viewed
};

// ValueError (naming `who`) unless `array` is uint8 of shape (H, W, 3) or (H, W). GIL held.
PixelView pixel_view(const py::array& array, const char* who);

// One copy of a bytes-like object (C-contiguous buffers only; others raise BufferError).
std::shared_ptr<const std::vector<std::uint8_t>> copy_bytes(const py::handle& object);

// {type: value}, pdq as PdqHash and its dihedral variants under 'pdq_dihedral'.
py::dict signals_to_dict(const std::vector<Signal>& signals);

void define_hashing(py::module_& m);

}  // namespace vigil::python
