#include "engine.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "errors.hpp"
#include "hashing.hpp"
#include "results.hpp"
#include "vigil/config.hpp"
#include "vigil/engine.hpp"
#include "vigil/plugin_registry.hpp"

namespace vigil::python {
namespace {

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

bool is_path(const py::handle& item) {
  return py::isinstance<py::str>(item) || py::hasattr(item, "__fspath__");
}

// One upload, converted with the GIL held so it can be scanned without it.
struct ScanInput {
  std::variant<std::filesystem::path, std::shared_ptr<const std::vector<std::uint8_t>>, PixelView>
      source;
  MediaMetadata metadata;
  py::object keep_alive;  // the numpy array a PixelView points into (released with the GIL)
  py::object path;        // what ScanResult.path and an error's .path say
};

// `path`: the identifier to report; None means the item itself when it is a path.
ScanInput to_scan_input(const py::handle& item, const MediaMetadata& metadata,
                        const py::object& path) {
  ScanInput input;
  input.metadata = metadata;
  if (!path.is_none()) {
    input.path = path;
  } else if (is_path(item)) {
    input.path = py::reinterpret_borrow<py::object>(item);
  } else {
    input.path = py::none();
  }
  if (is_path(item)) {
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
    throw py::type_error(
        "Engine.scan: expected a path, bytes or a numpy uint8 array (scan_many also takes "
        "(path, media) pairs), got " +
        py::str(item.get_type()).cast<std::string>());
  }
  return input;
}

// An item of scan_many: media, or a (path, media) pair naming it.
ScanInput to_scan_many_input(const py::handle& item, const MediaMetadata& metadata) {
  if (py::isinstance<py::tuple>(item) && py::len(item) == 2) {
    auto pair = py::reinterpret_borrow<py::tuple>(item);
    return to_scan_input(pair[1], metadata, pair[0]);
  }
  return to_scan_input(item, metadata, py::none());
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

// The result of one input, or its exception (carrying the input as `.path`).
py::object scan_outcome(Result<ScanResult> result, const py::object& path, bool return_exception) {
  if (result.ok()) return py::cast(PyScanResult(std::move(result).value(), path));
  if (return_exception) return make_error(result.status(), path);
  raise(result.status(), path);
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

  py::object scan(const py::handle& item, const py::object& metadata,
                  const py::object& path) const {
    ScanInput input = to_scan_input(item, to_metadata(metadata), path);
    Result<ScanResult> result = Status(ErrorCode::internal, "unset");
    {
      py::gil_scoped_release release;
      result = run_scan(*engine_, input);
    }
    return scan_outcome(std::move(result), input.path, false);
  }

  PyScanResult match(const py::iterable& signals) const {
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
    return PyScanResult(unwrap(std::move(result)), py::none());
  }

  int reload_banks() {
    Result<int> result = Status(ErrorCode::internal, "unset");
    {
      py::gil_scoped_release release;
      result = engine_->reload_banks();
    }
    return unwrap(std::move(result));
  }

  // Identifiers only (plugin ids, bank names and versions): nothing personal.
  std::string repr() const {
    py::list banks;
    for (const BankInfo& bank : engine_->banks()) {
      banks.append(py::str(bank.name + "@v" + std::to_string(bank.version)));
    }
    return "<vigil.Engine detectors=" +
           py::repr(py::cast(engine_->detector_ids())).cast<std::string>() +
           " banks=" + py::repr(banks).cast<std::string>() + ">";
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
    Outcome outcome = std::move(ready_.front());
    ready_.pop_front();
    return scan_outcome(std::move(outcome.result), outcome.path, return_exceptions_);
  }

  std::string repr() const {
    return "<vigil.ScanIterator jobs=" + std::to_string(jobs_) +
           " return_exceptions=" + (return_exceptions_ ? "True" : "False") + ">";
  }

 private:
  struct Outcome {
    Result<ScanResult> result;
    py::object path;
  };

  void fill() {
    std::vector<ScanInput> inputs;
    const std::size_t chunk = std::size_t{jobs_} * 4;
    while (inputs.size() < chunk && source_ != py::iterator::sentinel()) {
      inputs.push_back(to_scan_many_input(*source_, metadata_));
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
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      ready_.push_back(Outcome{std::move(*results[i]), std::move(inputs[i].path)});
    }
  }

  std::shared_ptr<PyEngine> engine_;
  py::iterator source_;
  unsigned jobs_;
  MediaMetadata metadata_;
  bool return_exceptions_;
  std::deque<Outcome> ready_;
};

}  // namespace

void define_engine(py::module_& m) {
  py::class_<ScanIterator>(m, "ScanIterator", "Results of Engine.scan_many, in input order.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &ScanIterator::next)
      .def("__repr__", &ScanIterator::repr);

  py::class_<PyEngine, std::shared_ptr<PyEngine>>(
      m, "Engine",
      "A scanning engine, immutable once created: detectors, banks and rules from a TOML "
      "configuration.\n"
      "Thread-safe: scan from any number of Python threads (the GIL is released).")
      .def(py::init(&PyEngine::from_file), py::arg("config_path"),
           "Loads the configuration file and creates the engine, ready to scan.")
      .def_static("from_toml", &PyEngine::from_toml, py::arg("text"),
                  py::arg("source_name") = "<string>",
                  "An engine from configuration text (source_name appears in errors).")
      .def("scan", &PyEngine::scan, py::arg("media"), py::arg("metadata") = py::none(),
           py::arg("path") = py::none(),
           "Scans a path (str or os.PathLike), encoded bytes, or a numpy uint8 image array. "
           "The result's .path (and a raised error's .path) is `path` when given, else the "
           "path scanned, else None.")
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
          "order. An item is media as for scan(), or a (path, media) pair. Each result's .path "
          "names its input; with return_exceptions=True a failed item yields its VigilError "
          "(with .path) instead of raising.")
      .def("match", &PyEngine::match, py::arg("signals"),
           "Matches signals computed elsewhere (Signal, PdqHash or (type, value)) against the "
           "banks and applies the rules.")
      .def("reload_banks", &PyEngine::reload_banks,
           "Re-reads every configured bank's current version; returns how many changed.")
      .def("banks", &PyEngine::banks, "The bank versions in service, in configuration order.")
      .def("detector_ids", &PyEngine::detector_ids,
           "Ids of the configured detectors, in scan order.")
      .def("plugins", &PyEngine::plugins, "The plugins the engine's registry loaded.")
      .def("__repr__", &PyEngine::repr);
}

}  // namespace vigil::python
