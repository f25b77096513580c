#include "errors.hpp"

namespace vigil::python {
namespace {

struct ErrorClasses {
  py::handle root, decode, config, plugin, bank, not_found, io, invalid_argument;
};
ErrorClasses& errors() {
  static ErrorClasses classes;
  return classes;
}

py::handle error_class(ErrorCode code) {
  const ErrorClasses& e = errors();
  switch (code) {
    case ErrorCode::decode_failed:
    case ErrorCode::truncated:
    case ErrorCode::too_large:
    case ErrorCode::unsupported_format:
    case ErrorCode::empty_input:
      return e.decode;
    case ErrorCode::config_error:
      return e.config;
    case ErrorCode::plugin_error:
    case ErrorCode::detector_failed:
      return e.plugin;
    case ErrorCode::malformed_list:
    case ErrorCode::corrupt_data:
      return e.bank;
    case ErrorCode::not_found:
      return e.not_found;
    case ErrorCode::io_error:
      return e.io;
    case ErrorCode::invalid_argument:
      return e.invalid_argument;
    default:
      return e.root;
  }
}

}  // namespace

// The exception object for a failed Status (GIL held).
py::object make_error(const Status& status, const py::object& path) {
  py::handle cls = error_class(status.code());
  py::object error = cls(status.message());
  error.attr("code") = std::string(to_string(status.code()));
  if (!path.is_none()) error.attr("path") = path;
  return error;
}

[[noreturn]] void raise(const Status& status, const py::object& path) {
  py::object error = make_error(status, path);
  PyErr_SetObject(error.get_type().ptr(), error.ptr());
  throw py::error_already_set();
}

void define_errors(py::module_& m) {
  // Errors: VigilError(Exception) with `.code`; subclasses by ErrorCode family.
  auto make = [&m](const char* name, py::handle base, const char* doc) {
    py::object cls = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
        (std::string("vigil.") + name).c_str(), doc, base.ptr(), nullptr));
    if (!cls) throw py::error_already_set();
    cls.attr("code") = "internal";
    cls.attr("path") = py::none();
    m.attr(name) = cls;
    return cls.release();
  };
  ErrorClasses& e = errors();
  e.root = make("VigilError", PyExc_Exception,
                "Root of Vigil's errors. `.code` is the SDK's stable ErrorCode name; `.path` "
                "the input of a failed scan (as ScanResult.path), else None.");
  e.decode = make("DecodeError", e.root,
                  "Media could not be decoded: decode_failed, truncated, too_large, "
                  "unsupported_format, empty_input.");
  e.config = make("ConfigError", e.root,
                  "A configuration is malformed (config_error); the message names file:line: key.");
  e.plugin = make("PluginError", e.root,
                  "A plugin could not be loaded or created (plugin_error), or a detector failed "
                  "during a scan (detector_failed).");
  e.bank = make("BankError", e.root,
                "A hash list record is malformed (malformed_list; the message names file:line), or "
                "a stored bank snapshot fails its check (corrupt_data).");
  e.not_found = make("NotFoundError", e.root, "A file, plugin, bank or entry does not exist.");
  e.io = make("IoError", e.root, "The operating system refused a read or write (io_error).");
  {
    // invalid_argument is both a VigilError and a ValueError.
    py::tuple bases = py::make_tuple(e.root, py::handle(PyExc_ValueError));
    py::object cls = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
        "vigil.InvalidArgumentError", "A caller passed something malformed (invalid_argument).",
        bases.ptr(), nullptr));
    if (!cls) throw py::error_already_set();
    m.attr("InvalidArgumentError") = cls;
    e.invalid_argument = cls.release();
  }
}

}  // namespace vigil::python
