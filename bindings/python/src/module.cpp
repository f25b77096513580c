// _vigil: the compiled core of the `vigil` Python package.
//
// Everything native runs with the GIL released, so Python threads scale. Errors from the
// SDK (a Status) become exceptions of the vigil.VigilError hierarchy carrying the stable
// ErrorCode string as `.code`. PDQ hashing of numpy arrays links the PDQ core directly
// (no engine, no plugin); everything else goes through libvigil's Engine.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "errors.hpp"
#include "pdq_hash.hpp"
#include "pdq_hasher.hpp"
#include "reporting.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/config.hpp"
#include "vigil/engine.hpp"
#include "vigil/hashing.hpp"
#include "vigil/list_import.hpp"
#include "vigil/logging.hpp"
#include "vigil/outbox.hpp"
#include "vigil/plugin_registry.hpp"
#include "vigil/version.hpp"

namespace py = pybind11;

namespace vigil::python {
namespace {

// ---------------------------------------------------------------------------------------
// PDQ hashes

struct PdqHash {
  pdq::Hash256 hash;
  std::optional<int> quality;

  static PdqHash from_hex(const std::string& hex, std::optional<int> quality) {
    auto parsed = pdq::Hash256::from_hex(hex);
    if (!parsed) throw py::value_error("PdqHash.from_hex: expected 64 hex digits");
    if (quality && (*quality < 0 || *quality > 100)) {
      throw py::value_error("PdqHash.from_hex: quality must be in 0..100");
    }
    return {*parsed, quality};
  }
  std::string repr() const {
    std::string text = "PdqHash('" + hash.to_hex() + "'";
    if (quality) text += ", quality=" + std::to_string(*quality);
    return text + ")";
  }
};

pdq::Hasher& thread_hasher() {
  thread_local pdq::Hasher hasher;
  return hasher;
}

// A uint8 image array checked for dtype and shape, with the pixels either viewed in place
// (positive row stride, tightly packed pixels) or compacted into `copy`.
struct PixelView {
  const std::uint8_t* data = nullptr;
  std::uint32_t width = 0, height = 0;
  std::size_t stride = 0;
  bool grey = false;
  std::vector<std::uint8_t> copy;  // non-empty when the array could not be viewed
};

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

// ---------------------------------------------------------------------------------------
// Scan inputs

MediaMetadata to_metadata(const py::object& object) {
  MediaMetadata metadata;
  if (object.is_none()) return metadata;
  for (auto item : object.cast<py::dict>()) {
    const std::string key = py::str(item.first).cast<std::string>();
    if (key == "exif_orientation") {
      metadata.exif_orientation = item.second.cast<int>();
      continue;
    }
    const std::string value = py::str(item.second).cast<std::string>();
    if (key == "content_id") {
      metadata.content_id = value;
    } else if (key == "uploader_id") {
      metadata.uploader_id = value;
    } else if (key == "source_ip") {
      metadata.source_ip = value;
    } else if (key == "upload_time") {
      metadata.upload_time = value;
    } else if (key == "file_name") {
      metadata.file_name = value;
    } else if (key == "mime_type") {
      metadata.mime_type = value;
    } else {
      metadata.extra[key] = value;
    }
  }
  return metadata;
}

// One copy of a bytes-like object (C-contiguous buffers only; others raise BufferError).
std::shared_ptr<const std::vector<std::uint8_t>> copy_bytes(const py::handle& object) {
  Py_buffer view;
  if (PyObject_GetBuffer(object.ptr(), &view, PyBUF_SIMPLE) != 0) throw py::error_already_set();
  const auto* data = static_cast<const std::uint8_t*>(view.buf);
  auto bytes = std::make_shared<const std::vector<std::uint8_t>>(
      data, data + static_cast<std::size_t>(view.len));
  PyBuffer_Release(&view);
  return bytes;
}

// One upload, converted with the GIL held so it can be scanned without it.
struct ScanInput {
  std::variant<std::filesystem::path, std::shared_ptr<const std::vector<std::uint8_t>>, PixelView>
      source;
  MediaMetadata metadata;
  py::object keep_alive;  // the numpy array a PixelView points into (released with the GIL)
};

ScanInput to_scan_input(const py::handle& item, const MediaMetadata& metadata) {
  ScanInput input;
  input.metadata = metadata;
  if (py::isinstance<py::str>(item) || py::hasattr(item, "__fspath__")) {
    input.source = py::cast<std::filesystem::path>(item);
  } else if (py::isinstance<py::bytes>(item) || py::isinstance<py::bytearray>(item) ||
             py::isinstance<py::memoryview>(item)) {
    // One copy: the engine shares the buffer, and bytearrays may change under us.
    input.source = copy_bytes(item);
  } else if (py::isinstance<py::array>(item)) {
    auto array = py::reinterpret_borrow<py::array>(item);
    PixelView view = pixel_view(array, "Engine.scan");
    if (view.grey) {
      // The engine scans RGB frames: replicate grey to R = G = B (as the decoder does).
      std::vector<std::uint8_t> rgb(std::size_t{view.width} * view.height * 3);
      for (std::uint32_t y = 0; y < view.height; ++y) {
        const std::uint8_t* row = view.data + y * view.stride;
        for (std::uint32_t x = 0; x < view.width; ++x) {
          std::memset(&rgb[(std::size_t{y} * view.width + x) * 3], row[x], 3);
        }
      }
      view.copy = std::move(rgb);
      view.data = view.copy.data();
      view.stride = std::size_t{view.width} * 3;
      view.grey = false;
    }
    input.source = std::move(view);
    input.keep_alive = std::move(array);
  } else {
    throw py::type_error("Engine.scan: expected a path, bytes or a numpy uint8 array, got " +
                         py::str(item.get_type()).cast<std::string>());
  }
  return input;
}

// Runs without the GIL.
Result<ScanResult> run_scan(const Engine& engine, const ScanInput& input) {
  if (const auto* path = std::get_if<std::filesystem::path>(&input.source)) {
    return engine.scan_file(*path, input.metadata);
  }
  if (const auto* bytes =
          std::get_if<std::shared_ptr<const std::vector<std::uint8_t>>>(&input.source)) {
    return engine.scan_bytes(**bytes, input.metadata);
  }
  const auto& view = std::get<PixelView>(input.source);
  Media media;
  media.type = MediaType::image;
  media.metadata = input.metadata;
  media.frames.push_back(Frame::view(view.data, view.width, view.height, view.stride));
  return engine.scan(media);
}

// ---------------------------------------------------------------------------------------
// Engine

class PyEngine {
 public:
  explicit PyEngine(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}

  static std::shared_ptr<PyEngine> from_config(EngineConfig config) {
    std::unique_ptr<Engine> engine;
    Status status;
    {
      py::gil_scoped_release release;
      auto created = Engine::create(config);
      if (created.ok()) {
        engine = std::move(created).value();
        status = engine->freeze();
      } else {
        status = created.status();
      }
    }
    check(status);
    return std::make_shared<PyEngine>(std::move(engine));
  }

  static std::shared_ptr<PyEngine> from_file(const std::filesystem::path& path) {
    Result<EngineConfig> config = Status(ErrorCode::internal, "unset");
    {
      py::gil_scoped_release release;
      config = load_engine_config(path);
    }
    return from_config(unwrap(std::move(config)));
  }

  static std::shared_ptr<PyEngine> from_toml(const std::string& text,
                                             const std::string& source_name) {
    return from_config(unwrap(parse_engine_config(text, source_name)));
  }

  ScanResult scan(const py::handle& item, const py::object& metadata) const {
    ScanInput input = to_scan_input(item, to_metadata(metadata));
    Result<ScanResult> result = Status(ErrorCode::internal, "unset");
    {
      py::gil_scoped_release release;
      result = run_scan(*engine_, input);
    }
    return unwrap(std::move(result));
  }

  ScanResult match(const py::iterable& signals) const {
    std::vector<Signal> list;
    for (auto item : signals) {
      if (py::isinstance<Signal>(item)) {
        list.push_back(item.cast<Signal>());
      } else if (py::isinstance<PdqHash>(item)) {
        const auto& hash = item.cast<const PdqHash&>();
        list.push_back(Signal{"pdq", hash.hash.to_hex(), hash.quality, {}});
      } else {
        auto pair = item.cast<std::pair<std::string, py::object>>();
        Signal signal;
        signal.type = pair.first;
        if (py::isinstance<PdqHash>(pair.second)) {
          const auto& hash = pair.second.cast<const PdqHash&>();
          signal.value = hash.hash.to_hex();
          signal.quality = hash.quality;
        } else {
          signal.value = py::str(pair.second).cast<std::string>();
        }
        list.push_back(std::move(signal));
      }
    }
    Result<ScanResult> result = Status(ErrorCode::internal, "unset");
    {
      py::gil_scoped_release release;
      result = engine_->match_signals(std::move(list));
    }
    return unwrap(std::move(result));
  }

  int reload_banks() {
    Result<int> result = Status(ErrorCode::internal, "unset");
    {
      py::gil_scoped_release release;
      result = engine_->reload_banks();
    }
    return unwrap(std::move(result));
  }

  std::vector<BankInfo> banks() const { return engine_->banks(); }
  std::vector<std::string> detector_ids() const { return engine_->detector_ids(); }
  std::vector<PluginInfo> plugins() const { return engine_->registry().plugins(); }
  const Engine& engine() const { return *engine_; }

 private:
  std::unique_ptr<Engine> engine_;
};

// Streams scan results in input order: pulls a chunk of inputs (GIL held), scans it on
// `jobs` native threads (GIL released), hands the results out one by one.
class ScanIterator {
 public:
  ScanIterator(std::shared_ptr<PyEngine> engine, py::iterator source, unsigned jobs,
               MediaMetadata metadata, bool return_exceptions)
      : engine_(std::move(engine)),
        source_(std::move(source)),
        jobs_(jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : jobs),
        metadata_(std::move(metadata)),
        return_exceptions_(return_exceptions) {}

  py::object next() {
    if (ready_.empty()) fill();
    if (ready_.empty()) throw py::stop_iteration();
    Result<ScanResult> result = std::move(ready_.front());
    ready_.pop_front();
    if (result.ok()) return py::cast(std::move(result).value());
    if (return_exceptions_) return make_error(result.status());
    raise(result.status());
  }

 private:
  void fill() {
    std::vector<ScanInput> inputs;
    const std::size_t chunk = std::size_t{jobs_} * 4;
    while (inputs.size() < chunk && source_ != py::iterator::sentinel()) {
      inputs.push_back(to_scan_input(*source_, metadata_));
      ++source_;
    }
    if (inputs.empty()) return;
    std::vector<std::optional<Result<ScanResult>>> results(inputs.size());
    {
      py::gil_scoped_release release;
      std::atomic<std::size_t> next{0};
      auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < inputs.size();) {
          results[i].emplace(run_scan(engine_->engine(), inputs[i]));
        }
      };
      const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(jobs_, inputs.size()));
      std::vector<std::thread> pool;
      for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
      for (std::thread& thread : pool) thread.join();
    }
    for (auto& result : results) ready_.push_back(std::move(*result));
  }

  std::shared_ptr<PyEngine> engine_;
  py::iterator source_;
  unsigned jobs_;
  MediaMetadata metadata_;
  bool return_exceptions_;
  std::deque<Result<ScanResult>> ready_;
};

// ---------------------------------------------------------------------------------------
// hash_file / hash_bytes: one cached engine per (signals, dihedral), like `vigil hash`.

std::shared_ptr<PyEngine> hashing_engine(const std::vector<std::string>& signals, bool dihedral) {
  static std::mutex mutex;
  static std::map<std::pair<std::vector<std::string>, bool>, std::shared_ptr<PyEngine>> cache;
  {
    std::lock_guard lock(mutex);
    auto it = cache.find({signals, dihedral});
    if (it != cache.end()) return it->second;
  }
  if (signals.empty()) {
    raise(Status(ErrorCode::invalid_argument, "signals names no signal"));
  }
  auto engine = PyEngine::from_config(hashing_engine_config({signals, dihedral}));
  std::lock_guard lock(mutex);
  return cache.emplace(std::make_pair(signals, dihedral), engine).first->second;
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
    result = engine->engine().scan_file(path);
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
    result = engine->engine().scan_bytes(*bytes);
  }
  return requested_signals(std::move(result), signals);
}

// ---------------------------------------------------------------------------------------
// Banks

BankInfo import_list(const BankStore& store, const std::string& name, const std::string& format,
                     const std::vector<std::filesystem::path>& paths, bool delta,
                     const std::string& source, const std::string& default_type) {
  auto list_format = list_format_from_string(format);
  if (!list_format) {
    raise(Status(ErrorCode::invalid_argument, "unknown list format '" + format + "'"));
  }
  Result<BankInfo> info = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    ImportOptions options;
    options.default_type = default_type;
    options.source = source;
    if (!default_type.empty()) options.mapping.fixed_type = default_type;
    // Every file is validated first, then applied in the order given as one new version.
    std::vector<ImportBatch> batches;
    std::string files;
    Status failed;
    for (const auto& path : paths) {
      auto batch = import_list_file(*list_format, path, options);
      if (!batch.ok()) {
        failed = batch.status();
        break;
      }
      batches.push_back(std::move(batch).value());
      files += (files.empty() ? "" : " ") + path.filename().string();
    }
    if (!failed.ok()) {
      info = failed;
    } else {
      const ImportMode mode =
          is_feed_format(*list_format) || delta ? ImportMode::delta : ImportMode::replace;
      info = const_cast<BankStore&>(store).apply_sequence(
          name, batches, mode,
          source.empty() ? std::string(to_string(*list_format)) + ": " + files : source);
    }
  }
  return unwrap(std::move(info));
}

BankInfo bank_info(const BankStore& store, const std::string& name) {
  Result<std::shared_ptr<const Bank>> bank = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    bank = store.open(name);
  }
  return unwrap(std::move(bank))->info();
}

// ---------------------------------------------------------------------------------------
// Pickling helpers

py::tuple signal_state(const Signal& s) {
  return py::make_tuple(s.type, s.value, s.quality, s.attributes);
}
Signal signal_from_state(const py::tuple& t) {
  return Signal{t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::optional<int>>(),
                t[3].cast<std::map<std::string, std::string>>()};
}
py::tuple match_state(const Match& m) {
  return py::make_tuple(m.bank, m.bank_version, m.entry_id, m.signal_type, m.value, m.distance,
                        m.variant);
}
Match match_from_state(const py::tuple& t) {
  return Match{t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::string>(),
               t[3].cast<std::string>(), t[4].cast<std::string>(), t[5].cast<int>(),
               t[6].cast<std::string>()};
}

py::tuple scan_error_state(const ScanError& e) {
  return py::make_tuple(e.detector, std::string(to_string(e.code)), e.message);
}
ScanError scan_error_from_state(const py::tuple& t) {
  return ScanError{t[0].cast<std::string>(),
                   error_code_from_string(t[1].cast<std::string>()).value_or(ErrorCode::internal),
                   t[2].cast<std::string>()};
}

std::string verdict_string(Verdict verdict) { return std::string(to_string(verdict)); }

}  // namespace

void define_module(py::module_& m) {
  m.doc() = "Compiled core of the vigil package (see vigil/__init__.py and docs/python.md).";
  m.attr("__version__") = std::string(sdk_version());
  m.attr("DIHEDRAL_NAMES") = [] {
    py::tuple names(pdq::kNumDihedral);
    for (int i = 0; i < pdq::kNumDihedral; ++i) names[i] = std::string(pdq::kDihedralNames[i]);
    return names;
  }();

  define_errors(m);

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

  py::class_<Signal>(m, "Signal", "One fingerprint of one upload, with an explicit type.")
      .def(py::init([](std::string type, std::string value, std::optional<int> quality) {
             return Signal{std::move(type), std::move(value), quality, {}};
           }),
           py::arg("type"), py::arg("value"), py::arg("quality") = py::none())
      .def_readonly("type", &Signal::type)
      .def_readonly("value", &Signal::value)
      .def_readonly("quality", &Signal::quality)
      .def_readonly("attributes", &Signal::attributes, "Dihedral variants for pdq, by name.")
      .def("__eq__", [](const Signal& a, const Signal& b) { return a == b; })
      .def("__repr__",
           [](const Signal& s) { return "Signal(type='" + s.type + "', value='" + s.value + "')"; })
      .def(py::pickle(&signal_state, &signal_from_state));

  py::class_<Match>(m, "Match", "One signal of an upload found in one bank version.")
      .def_readonly("bank", &Match::bank)
      .def_readonly("bank_version", &Match::bank_version)
      .def_readonly("entry_id", &Match::entry_id)
      .def_readonly("signal_type", &Match::signal_type)
      .def_readonly("value", &Match::value)
      .def_readonly("distance", &Match::distance)
      .def_readonly("variant", &Match::variant)
      .def("__eq__", [](const Match& a, const Match& b) { return a == b; })
      .def("__repr__",
           [](const Match& x) {
             return "Match(bank='" + x.bank + "', bank_version='" + x.bank_version +
                    "', entry_id='" + x.entry_id + "', signal_type='" + x.signal_type +
                    "', distance=" + std::to_string(x.distance) + ", variant='" + x.variant + "')";
           })
      .def(py::pickle(&match_state, &match_from_state));

  py::class_<ScanError>(m, "ScanError",
                        "Why part of an upload could not be checked: detector is a plugin id, "
                        "or 'decode' when the upload did not decode (byte hashes still ran).")
      .def_readonly("detector", &ScanError::detector)
      .def_property_readonly(
          "code", [](const ScanError& e) { return std::string(to_string(e.code)); },
          "The stable error code, e.g. 'truncated', 'unsupported_format', 'detector_failed'.")
      .def_readonly("message", &ScanError::message)
      .def("__eq__", [](const ScanError& a, const ScanError& b) { return a == b; })
      .def("__repr__",
           [](const ScanError& e) {
             return "ScanError(detector='" + e.detector + "', code='" +
                    std::string(to_string(e.code)) + "')";
           })
      .def(py::pickle(&scan_error_state, &scan_error_from_state));

  py::class_<ScanResult>(m, "ScanResult", "What one scan found out about one upload.")
      .def_property_readonly(
          "verdict", [](const ScanResult& r) { return verdict_string(r.verdict); },
          "'allow', 'review' or 'block'.")
      .def_readonly("matches", &ScanResult::matches)
      .def_readonly("signals", &ScanResult::signals)
      .def_readonly("signal_sources", &ScanResult::signal_sources)
      .def_readonly("report_to", &ScanResult::report_to)
      .def_readonly("errors", &ScanResult::errors,
                    "What could not be checked (list of ScanError); the matches still stand.")
      .def_readonly("media_type", &ScanResult::media_type,
                    "MIME type from the content's magic bytes ('' for pixels or signals).")
      .def_property_readonly("checked_completely", &ScanResult::checked_completely,
                             "True when the upload decoded (if needed) and every detector ran.")
      .def_property_readonly(
          "hashes", [](const ScanResult& r) { return signals_to_dict(r.signals); },
          "{type: value} (pdq as PdqHash; dihedral variants under 'pdq_dihedral').")
      .def("__eq__", [](const ScanResult& a, const ScanResult& b) { return a == b; })
      .def("__repr__",
           [](const ScanResult& r) {
             return "ScanResult(verdict='" + verdict_string(r.verdict) +
                    "', matches=" + std::to_string(r.matches.size()) +
                    ", signals=" + std::to_string(r.signals.size()) +
                    ", errors=" + std::to_string(r.errors.size()) + ")";
           })
      .def(py::pickle(
          [](const ScanResult& r) {
            return py::make_tuple(verdict_string(r.verdict), r.matches, r.signals, r.signal_sources,
                                  r.report_to, r.errors, r.media_type);
          },
          [](const py::tuple& t) {
            ScanResult r;
            r.verdict = verdict_from_string(t[0].cast<std::string>()).value_or(Verdict::allow);
            r.matches = t[1].cast<std::vector<Match>>();
            r.signals = t[2].cast<std::vector<Signal>>();
            r.signal_sources = t[3].cast<std::vector<std::string>>();
            r.report_to = t[4].cast<std::vector<std::string>>();
            r.errors = t[5].cast<std::vector<ScanError>>();
            r.media_type = t[6].cast<std::string>();
            return r;
          }));

  py::class_<BankInfo>(m, "BankInfo", "One version of a named bank.")
      .def_readonly("name", &BankInfo::name)
      .def_readonly("version", &BankInfo::version)
      .def_readonly("source", &BankInfo::source)
      .def_readonly("created_time", &BankInfo::created_time)
      .def_readonly("checksum", &BankInfo::checksum)
      .def_readonly("counts", &BankInfo::counts)
      .def_readonly("entry_count", &BankInfo::entry_count)
      .def_readonly("path", &BankInfo::path)
      .def("__repr__", [](const BankInfo& b) {
        return "BankInfo(name='" + b.name + "', version=" + std::to_string(b.version) +
               ", entry_count=" + std::to_string(b.entry_count) + ")";
      });

  py::class_<PluginInfo>(m, "PluginInfo", "What a loaded plugin says about itself.")
      .def_readonly("id", &PluginInfo::id)
      .def_readonly("version", &PluginInfo::version)
      .def_readonly("description", &PluginInfo::description)
      .def_property_readonly("kind",
                             [](const PluginInfo& p) { return std::string(to_string(p.kind)); })
      .def_readonly("media_types", &PluginInfo::media_types)
      .def_readonly("signal_types", &PluginInfo::signal_types)
      .def_readonly("path", &PluginInfo::path)
      .def("__repr__", [](const PluginInfo& p) {
        return "PluginInfo(id='" + p.id + "', version='" + p.version + "')";
      });

  py::class_<ScanIterator>(m, "ScanIterator", "Results of Engine.scan_many, in input order.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &ScanIterator::next);

  py::class_<PyEngine, std::shared_ptr<PyEngine>>(
      m, "Engine",
      "A frozen scanning engine: detectors, banks and rules from a TOML configuration.\n"
      "Thread-safe: scan from any number of Python threads (the GIL is released).")
      .def(py::init(&PyEngine::from_file), py::arg("config_path"),
           "Loads the configuration file, creates the engine and freezes it.")
      .def_static("from_toml", &PyEngine::from_toml, py::arg("text"),
                  py::arg("source_name") = "<string>",
                  "An engine from configuration text (source_name appears in errors).")
      .def("scan", &PyEngine::scan, py::arg("media"), py::arg("metadata") = py::none(),
           "Scans a path (str or os.PathLike), encoded bytes, or a numpy uint8 image array.")
      .def(
          "scan_many",
          [](const std::shared_ptr<PyEngine>& self, const py::iterable& media, unsigned jobs,
             const py::object& metadata, bool return_exceptions) {
            return ScanIterator(self, py::iter(media), jobs, to_metadata(metadata),
                                return_exceptions);
          },
          py::arg("media"), py::arg("jobs") = 0, py::arg("metadata") = py::none(),
          py::arg("return_exceptions") = false,
          "Scans every item on `jobs` native threads (0: all cores), yielding results in input "
          "order. With return_exceptions=True a failed item yields its VigilError instead of "
          "raising.")
      .def("match", &PyEngine::match, py::arg("signals"),
           "Matches signals computed elsewhere (Signal, PdqHash or (type, value)) against the "
           "banks and applies the rules.")
      .def("reload_banks", &PyEngine::reload_banks,
           "Re-reads every configured bank's current version; returns how many changed.")
      .def("banks", &PyEngine::banks, "The bank versions in service, in configuration order.")
      .def("detector_ids", &PyEngine::detector_ids)
      .def("plugins", &PyEngine::plugins, "The plugins the engine's registry loaded.");

  py::class_<BankStore>(m, "BankStore", "A directory of named, versioned banks.")
      .def(py::init([](const std::optional<std::filesystem::path>& directory) {
             return BankStore(directory ? *directory : BankStore::default_directory());
           }),
           py::arg("directory") = py::none())
      .def_property_readonly("directory", &BankStore::directory)
      .def("import_list", &import_list, py::arg("name"), py::arg("format"), py::arg("paths"),
           py::arg("delta") = false, py::arg("source") = "", py::arg("default_type") = "",
           "Imports list files as one new version of bank `name`: all are validated first, "
           "then applied in the order given (a later feed page may delete or update what an "
           "earlier one added); all or nothing.")
      .def("info", &bank_info, py::arg("name"), "The version in service.")
      .def("names", &BankStore::names);

  m.def(
      "outbox_status",
      [](const std::optional<std::string>& path) {
        Result<OutboxStatus> status = Status(ErrorCode::internal, "not read");
        {
          py::gil_scoped_release release;
          Result<std::string> where = path ? Result<std::string>(*path) : Outbox::default_path();
          if (!where.ok()) {
            status = where.status();
          } else if (auto outbox = Outbox::open(*where); !outbox.ok()) {
            status = outbox.status();
          } else {
            status = (*outbox)->status();
          }
        }
        if (!status.ok()) raise(status.status());
        py::dict counts;
        for (std::size_t i = 0; i < kOutboxStateCount; ++i) {
          counts[py::str(std::string(to_string(static_cast<OutboxState>(i))))] = status->counts[i];
        }
        py::list failed;
        for (const OutboxRow& row : status->failed) {
          py::dict item;
          item["row_id"] = row.row_id;
          item["case_id"] = row.case_id;
          item["destination"] = row.destination;
          item["error_code"] = row.error_code;
          item["error_message"] = row.error_message;
          failed.append(item);
        }
        py::dict out;
        out["counts"] = counts;
        out["oldest_pending_age_seconds"] =
            status->oldest_pending_age_ms
                ? py::object(py::float_(static_cast<double>(*status->oldest_pending_age_ms) / 1000))
                : py::object(py::none());
        out["failed"] = failed;
        return out;
      },
      py::arg("path") = py::none(),
      "The report outbox's state: {'counts': {state: n}, 'oldest_pending_age_seconds', "
      "'failed': [{row_id, case_id, destination, error_code, error_message}]}. Default path: "
      "$VIGIL_OUTBOX, else $XDG_STATE_HOME/vigil/outbox.db, else ~/.local/state/vigil/outbox.db.");
  m.def("hash_file", &hash_file, py::arg("path"),
        py::arg("signals") = std::vector<std::string>{"pdq", "md5"}, py::arg("dihedral") = false,
        "{type: value} for a file (pdq as PdqHash; 'pdq_dihedral' with dihedral=True).");
  m.def("hash_bytes", &hash_bytes, py::arg("data"),
        py::arg("signals") = std::vector<std::string>{"pdq", "md5"}, py::arg("dihedral") = false,
        "Like hash_file for encoded bytes in memory.");
  m.def(
      "plugins",
      [] {
        py::gil_scoped_release release;
        return PluginRegistry::discover(PluginRegistry::default_search_path()).plugins();
      },
      "Plugins found on the default search path ($VIGIL_PLUGIN_PATH, then libvigil's own).");
  m.def(
      "configure_logging",
      [](const std::string& level, const std::string& format) {
        LogOptions options;
        auto parsed_level = log_level_from_string(level);
        auto parsed_format = log_format_from_string(format);
        if (!parsed_level || !parsed_format) {
          raise(Status(ErrorCode::invalid_argument,
                       "configure_logging: level must be trace, debug, info, warn, error or off "
                       "and format text or json"));
        }
        options.level = *parsed_level;
        options.format = *parsed_format;
        configure_logging(options);
      },
      py::arg("level") = "info", py::arg("format") = "text",
      "Sets libvigil's process-wide log level and format (logs go to stderr).");
  m.def("plugin_search_path", &PluginRegistry::default_search_path);
  m.def(
      "library_directory",
      [] { return PluginRegistry::installed_plugin_directory().parent_path().parent_path(); },
      "The directory holding the libvigil this module uses.");
}

}  // namespace vigil::python

PYBIND11_MODULE(_vigil, m) {
  vigil::python::define_module(m);
  vigil::python::define_reporting(m);
}
