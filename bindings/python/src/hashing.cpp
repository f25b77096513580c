#include "hashing.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <string_view>
#include <utility>

#include "errors.hpp"
#include "pdq_hasher.hpp"
#include "vigil/engine.hpp"
#include "vigil/hashing.hpp"

namespace vigil::python {

PdqHash PdqHash::from_hex(const std::string& hex, std::optional<int> quality) {
  auto parsed = pdq::Hash256::from_hex(hex);
  if (!parsed) throw py::value_error("PdqHash.from_hex: expected 64 hex digits");
  if (quality && (*quality < 0 || *quality > 100)) {
    throw py::value_error("PdqHash.from_hex: quality must be in 0..100");
  }
  return {*parsed, quality};
}

std::string PdqHash::repr() const {
  std::string text = "PdqHash('" + hash.to_hex() + "'";
  if (quality) text += ", quality=" + std::to_string(*quality);
  return text + ")";
}

PixelView pixel_view(const py::array& array, const char* who) {
  if (!array.dtype().is(py::dtype::of<std::uint8_t>())) {
    throw py::value_error(std::string(who) + ": expected a numpy uint8 array, got dtype " +
                          py::str(array.dtype()).cast<std::string>());
  }
  const auto ndim = array.ndim();
  if (ndim != 2 && !(ndim == 3 && array.shape(2) == 3)) {
    std::ostringstream shape;
    for (py::ssize_t i = 0; i < ndim; ++i) shape << (i ? ", " : "") << array.shape(i);
    throw py::value_error(std::string(who) +
                          ": expected shape (H, W, 3) RGB or (H, W) grey, got (" + shape.str() +
                          ")");
  }
  const py::ssize_t h = array.shape(0), w = array.shape(1);
  if (h > 0xFFFFFFF || w > 0xFFFFFFF) throw py::value_error(std::string(who) + ": too large");
  PixelView view;
  view.grey = ndim == 2;
  view.width = static_cast<std::uint32_t>(w);
  view.height = static_cast<std::uint32_t>(h);
  const py::ssize_t channels = view.grey ? 1 : 3;
  const py::ssize_t row = array.strides(0);
  const bool packed =
      array.strides(1) == channels && (view.grey || array.strides(2) == 1) && row >= w * channels;
  const auto* base = static_cast<const std::uint8_t*>(array.data());
  if (packed || h == 0 || w == 0) {
    view.data = base;
    view.stride = static_cast<std::size_t>(std::max<py::ssize_t>(row, w * channels));
    return view;
  }
  // One compact copy, following whatever strides the array has (negative ones included).
  view.copy.resize(static_cast<std::size_t>(h * w * channels));
  std::uint8_t* out = view.copy.data();
  const py::ssize_t sy = array.strides(0), sx = array.strides(1);
  const py::ssize_t sc = view.grey ? 0 : array.strides(2);
  for (py::ssize_t y = 0; y < h; ++y) {
    for (py::ssize_t x = 0; x < w; ++x) {
      const std::uint8_t* p = base + y * sy + x * sx;
      for (py::ssize_t c = 0; c < channels; ++c) *out++ = p[c * sc];
    }
  }
  view.data = view.copy.data();
  view.stride = static_cast<std::size_t>(w * channels);
  return view;
}

std::shared_ptr<const std::vector<std::uint8_t>> copy_bytes(const py::handle& object) {
  Py_buffer view;
  if (PyObject_GetBuffer(object.ptr(), &view, PyBUF_SIMPLE) != 0) throw py::error_already_set();
  const auto* data = static_cast<const std::uint8_t*>(view.buf);
  auto bytes = std::make_shared<const std::vector<std::uint8_t>>(
      data, data + static_cast<std::size_t>(view.len));
  PyBuffer_Release(&view);
  return bytes;
}

py::dict signals_to_dict(const std::vector<Signal>& signals) {
  py::dict out;
  for (const Signal& signal : signals) {
    if (signal.type == "pdq") {
      out["pdq"] = PdqHash::from_hex(signal.value, signal.quality);
      if (!signal.attributes.empty()) {
        py::dict variants;
        for (std::string_view name : pdq::kDihedralNames) {
          auto it = signal.attributes.find(std::string(name));
          if (it != signal.attributes.end()) {
            variants[py::str(std::string(name))] = PdqHash::from_hex(it->second, signal.quality);
          }
        }
        out["pdq_dihedral"] = variants;
      }
    } else {
      out[py::str(signal.type)] = signal.value;
    }
  }
  return out;
}

namespace {

pdq::Hasher& thread_hasher() {
  thread_local pdq::Hasher hasher;
  return hasher;
}

PdqHash hash_pdq(const py::array& array) {
  PixelView view = pixel_view(array, "vigil.pdq");
  pdq::PdqResult result;
  {
    py::gil_scoped_release release;
    pdq::Hasher& hasher = thread_hasher();
    result = view.grey ? hasher.hash_grey(view.data, view.width, view.height, view.stride)
                       : hasher.hash_rgb(view.data, view.width, view.height, view.stride);
  }
  return {result.hash, result.quality};
}

py::dict hash_pdq_dihedral(const py::array& array) {
  PixelView view = pixel_view(array, "vigil.pdq_dihedral");
  pdq::DihedralResult result;
  {
    py::gil_scoped_release release;
    pdq::Hasher& hasher = thread_hasher();
    result = view.grey ? hasher.hash_grey_dihedral(view.data, view.width, view.height, view.stride)
                       : hasher.hash_rgb_dihedral(view.data, view.width, view.height, view.stride);
  }
  py::dict out;
  for (int i = 0; i < pdq::kNumDihedral; ++i) {
    out[py::str(std::string(pdq::kDihedralNames[i]))] =
        py::cast(PdqHash{result.hashes[i], result.quality});
  }
  return out;
}

// One cached engine per (signals, dihedral), like `vigil hash`.
std::shared_ptr<const Engine> hashing_engine(const std::vector<std::string>& signals,
                                             bool dihedral) {
  static std::mutex mutex;
  static std::map<std::pair<std::vector<std::string>, bool>, std::shared_ptr<const Engine>> cache;
  {
    std::lock_guard lock(mutex);
    auto it = cache.find({signals, dihedral});
    if (it != cache.end()) return it->second;
  }
  if (signals.empty()) {
    raise(Status(ErrorCode::invalid_argument, "signals names no signal"));
  }
  Result<std::unique_ptr<Engine>> created = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    created = Engine::create(hashing_engine_config({signals, dihedral}));
  }
  check(created.status());
  std::shared_ptr<const Engine> engine = std::move(created).value();
  std::lock_guard lock(mutex);
  return cache.emplace(std::make_pair(signals, dihedral), std::move(engine)).first->second;
}

// Every requested signal of one upload, or the error that explains the gap: md5 of any
// file works, pdq of a file that is not an image raises its decode error.
py::dict requested_signals(Result<ScanResult> result, const std::vector<std::string>& signals) {
  ScanResult scanned = unwrap(std::move(result));
  check(require_signals(scanned, signals));
  return signals_to_dict(scanned.signals);
}

py::dict hash_file(const std::filesystem::path& path, const std::vector<std::string>& signals,
                   bool dihedral) {
  auto engine = hashing_engine(signals, dihedral);
  Result<ScanResult> result = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    result = engine->scan_file(path);
  }
  return requested_signals(std::move(result), signals);
}

py::dict hash_bytes(const py::buffer& data, const std::vector<std::string>& signals,
                    bool dihedral) {
  auto engine = hashing_engine(signals, dihedral);
  auto bytes = copy_bytes(data);
  Result<ScanResult> result = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    result = engine->scan_bytes(*bytes);
  }
  return requested_signals(std::move(result), signals);
}

}  // namespace

void define_hashing(py::module_& m) {
  m.attr("DIHEDRAL_NAMES") = [] {
    py::tuple names(pdq::kNumDihedral);
    for (int i = 0; i < pdq::kNumDihedral; ++i) names[i] = std::string(pdq::kDihedralNames[i]);
    return names;
  }();

  py::class_<PdqHash>(m, "PdqHash",
                      "A 256-bit PDQ hash with its quality (0..100, None when unknown).\n"
                      "str(h) is the 64-digit hex; h1 - h2 is the Hamming distance. Equality "
                      "and hash() compare the hash bits only, not the quality.")
      .def_static("from_hex", &PdqHash::from_hex, py::arg("hex"), py::arg("quality") = py::none(),
                  "Parses 64 hex digits (either case); ValueError otherwise.")
      .def_property_readonly(
          "quality", [](const PdqHash& h) { return h.quality; }, "0..100, or None.")
      .def("to_hex", [](const PdqHash& h) { return h.hash.to_hex(); })
      .def(
          "distance",
          [](const PdqHash& a, const PdqHash& b) { return hamming_distance(a.hash, b.hash); },
          py::arg("other"), "Hamming distance (0..256).")
      .def("__sub__",
           [](const PdqHash& a, const PdqHash& b) { return hamming_distance(a.hash, b.hash); })
      .def("__eq__", [](const PdqHash& a, const PdqHash& b) { return a.hash == b.hash; })
      .def("__eq__", [](const PdqHash&, const py::object&) { return false; })
      .def("__hash__", [](const PdqHash& h) { return py::hash(py::str(h.hash.to_hex())); })
      .def("__str__", [](const PdqHash& h) { return h.hash.to_hex(); })
      .def("__repr__", &PdqHash::repr)
      .def(py::pickle([](const PdqHash& h) { return py::make_tuple(h.hash.to_hex(), h.quality); },
                      [](const py::tuple& t) {
                        return PdqHash::from_hex(t[0].cast<std::string>(),
                                                 t[1].cast<std::optional<int>>());
                      }));

  m.def("pdq", &hash_pdq, py::arg("array"),
        "PDQ hash of a numpy uint8 array, (H, W, 3) RGB or (H, W) grey, read in place when its "
        "pixels are packed (any positive row stride); otherwise one compact copy is made. "
        "Releases the GIL.");
  m.def("pdq_dihedral", &hash_pdq_dihedral, py::arg("array"),
        "The eight dihedral PDQ variants, {name: PdqHash}, in DIHEDRAL_NAMES order.");
  m.def("hash_file", &hash_file, py::arg("path"),
        py::arg("signals") = std::vector<std::string>{"pdq", "md5"}, py::arg("dihedral") = false,
        "{type: value} for a file (pdq as PdqHash; 'pdq_dihedral' with dihedral=True).");
  m.def("hash_bytes", &hash_bytes, py::arg("data"),
        py::arg("signals") = std::vector<std::string>{"pdq", "md5"}, py::arg("dihedral") = false,
        "Like hash_file for encoded bytes in memory.");
}

}  // namespace vigil::python
