#include "signatures.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::python {
namespace {

namespace py = pybind11;

constexpr std::string_view kEndMarker = "\n--\n\n";

// Scans pybind11 signature text, tracking brackets and quoted strings (a default may be
// "'a, b'" or "['pdq', 'md5']").
class Scanner {
 public:
  // Consumes `c`; true when it is outside any bracket or string.
  bool top_level(char c) {
    if (quote_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == quote_) {
        quote_ = 0;
      }
      return false;
    }
    if (c == '\'' || c == '"') {
      quote_ = c;
      return false;
    }
    if (c == '(' || c == '[' || c == '{') {
      ++depth_;
      return false;
    }
    if (c == ')' || c == ']' || c == '}') {
      --depth_;
      return depth_ < 0;  // only the closing parenthesis of the whole list
    }
    return depth_ == 0;
  }

 private:
  int depth_ = 0;
  char quote_ = 0;
  bool escaped_ = false;
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// "b: U = default" -> "b=default"; "a: T" -> "a"; "*args" -> "*args".
std::string without_annotation(std::string_view parameter) {
  Scanner scanner;
  std::size_t colon = std::string_view::npos, equals = std::string_view::npos;
  for (std::size_t i = 0; i < parameter.size(); ++i) {
    if (!scanner.top_level(parameter[i])) continue;
    if (parameter[i] == ':' && colon == std::string_view::npos &&
        equals == std::string_view::npos) {
      colon = i;
    } else if (parameter[i] == '=' && equals == std::string_view::npos) {
      equals = i;
    }
  }
  std::string name(trim(parameter.substr(0, std::min(colon, equals))));
  if (equals == std::string_view::npos) return name;
  return name + "=" + std::string(trim(parameter.substr(equals + 1)));
}

// The parameter names (and defaults) of pybind11's "name(a: T, b: U = d) -> R\n...", or
// nullopt when `doc` does not start with "name(" and a balanced parameter list.
std::optional<std::vector<std::string>> parameters(std::string_view doc, std::string_view name) {
  if (doc.substr(0, name.size()) != name || doc.substr(name.size(), 1) != "(") return std::nullopt;
  const std::string_view rest = doc.substr(name.size() + 1);
  Scanner scanner;
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '\n') return std::nullopt;
    if (!scanner.top_level(c)) continue;
    if (c == ',' || c == ')') {
      const std::string_view parameter = trim(rest.substr(start, i - start));
      if (!parameter.empty()) out.push_back(without_annotation(parameter));
      start = i + 1;
      if (c == ')') {
        if (rest.substr(i + 1, kEndMarker.size()) == kEndMarker) return std::nullopt;  // done
        return out;
      }
    }
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items, std::size_t from = 0) {
  std::string text = "(";
  for (std::size_t i = from; i < items.size(); ++i) text += (i > from ? ", " : "") + items[i];
  return text + ")";
}

// The PyCFunction behind a function, method or static method, or null.
PyObject* function_of(PyObject* attribute) {
  if (PyInstanceMethod_Check(attribute)) attribute = PyInstanceMethod_GET_FUNCTION(attribute);
  if (PyObject_TypeCheck(attribute, &PyStaticMethod_Type)) {
    py::object function = py::reinterpret_borrow<py::object>(attribute).attr("__func__");
    attribute = function.ptr();  // owned by the staticmethod
  }
  return PyCFunction_Check(attribute) ? attribute : nullptr;
}

// ml_doc is pybind11's (malloc'ed, freed with the function): replaced the way pybind11
// replaces it when it adds an overload.
void add_text_signature(PyObject* function) {
  PyMethodDef* def = reinterpret_cast<PyCFunctionObject*>(function)->m_ml;
  if (def->ml_doc == nullptr || def->ml_name == nullptr) return;
  const std::string_view doc = def->ml_doc;
  const auto params = parameters(doc, def->ml_name);
  if (!params) return;
  const std::string text =
      std::string(def->ml_name) + join(*params) + std::string(kEndMarker) + std::string(doc);
  const char* old = def->ml_doc;
  def->ml_doc = strdup(text.c_str());
  std::free(const_cast<char*>(old));
}

// The class's signature is its constructor's without `self` (inspect reads it from the
// class's own docstring, tp_doc, which Python frees with PyObject_Free).
void add_class_signature(PyTypeObject* type, PyObject* init) {
  PyMethodDef* def = reinterpret_cast<PyCFunctionObject*>(init)->m_ml;
  const std::string_view doc = def->ml_doc ? def->ml_doc : "";
  const std::size_t end = doc.find(kEndMarker);
  if (end == std::string_view::npos) return;
  // Past "__init__(": the text signature the pass over the methods wrote.
  auto params = parameters(std::string(doc.substr(0, end)) + "\n", "__init__");
  if (!params || params->empty() || (*params)[0] != "self") return;
  std::string_view name = type->tp_name;
  if (const auto dot = name.rfind('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
  std::string text = std::string(name) + join(*params, 1) + std::string(kEndMarker);
  if (type->tp_doc != nullptr) text += type->tp_doc;
  auto* copy = static_cast<char*>(PyObject_Malloc(text.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  std::memcpy(copy, text.c_str(), text.size() + 1);
  PyObject_Free(const_cast<char*>(type->tp_doc));
  type->tp_doc = copy;
}

}  // namespace

void add_text_signatures(py::module_& m) {
  for (auto item : m.attr("__dict__").cast<py::dict>()) {
    PyObject* value = item.second.ptr();
    if (PyCFunction_Check(value)) {
      add_text_signature(value);
      continue;
    }
    if (!PyType_Check(value)) continue;
    auto* type = reinterpret_cast<PyTypeObject*>(value);
    PyObject* init = nullptr;
    for (auto member : py::reinterpret_borrow<py::dict>(type->tp_dict)) {
      PyObject* function = function_of(member.second.ptr());
      if (function == nullptr) continue;
      add_text_signature(function);
      if (py::str(member.first).cast<std::string>() == "__init__") init = function;
    }
    if (init != nullptr) add_class_signature(type, init);
  }
}

}  // namespace vigil::python
