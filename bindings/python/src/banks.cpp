#include "banks.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "errors.hpp"
#include "vigil/bank_add.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/list_import.hpp"

namespace vigil::python {
namespace {

using Names = std::map<std::string, std::string>;

// `vigil bank import`'s --type, --map FIELD=COLUMN and --type-name SPELLING=TYPE.
ImportOptions import_options(const std::string& source, const std::string& default_type,
                             const std::optional<Names>& mapping,
                             const std::optional<Names>& type_names) {
  ImportOptions options;
  options.default_type = default_type;
  options.source = source;
  if (!default_type.empty()) options.mapping.fixed_type = default_type;
  for (const auto& [field, column] : mapping.value_or(Names{})) {
    check(set_mapped_column(options.mapping, field, column).with_context("mapping"));
  }
  if (type_names) options.mapping.type_names = *type_names;
  return options;
}

BankInfo import_list(BankStore& store, const std::string& name, const std::string& format,
                     const std::vector<std::filesystem::path>& paths, bool delta,
                     const std::string& source, const std::string& default_type,
                     const std::optional<Names>& mapping, const std::optional<Names>& type_names) {
  auto list_format = list_format_from_string(format);
  if (!list_format) {
    raise(Status(ErrorCode::invalid_argument, "unknown list format '" + format + "'"));
  }
  const ImportOptions options = import_options(source, default_type, mapping, type_names);
  Result<BankInfo> info = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
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
      info = store.apply_sequence(
          name, batches, mode,
          source.empty() ? std::string(to_string(*list_format)) + ": " + files : source);
    }
  }
  return unwrap(std::move(info));
}

// `vigil bank add`; its stderr notices become UserWarnings.
BankInfo add(BankStore& store, const std::string& name,
             const std::vector<std::filesystem::path>& paths, const std::optional<std::string>& id,
             const std::string& source) {
  AddMediaOptions options;
  options.entry_id = id.value_or("");
  options.source = source;
  Result<AddMediaResult> added = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    added = add_media(store, name, paths, options);
  }
  AddMediaResult result = unwrap(std::move(added));
  for (const AddMediaNotice& notice : result.notices) {
    const std::string text = notice.path.string() + ": " + notice.message;
    if (PyErr_WarnEx(PyExc_UserWarning, text.c_str(), 1) != 0) throw py::error_already_set();
  }
  return result.info;
}

BankInfo bank_info(const BankStore& store, const std::string& name) {
  Result<std::shared_ptr<const Bank>> bank = Status(ErrorCode::internal, "unset");
  {
    py::gil_scoped_release release;
    bank = store.open(name);
  }
  return unwrap(std::move(bank))->info();
}

// The directory is configuration, not personal data.
std::string repr(const BankStore& store) {
  return "<vigil.BankStore " + py::repr(py::str(store.directory().string())).cast<std::string>() +
         " banks=" + std::to_string(store.names().size()) + ">";
}

}  // namespace

void define_banks(py::module_& m) {
  py::class_<BankStore>(m, "BankStore", "A directory of named, versioned banks.")
      .def(py::init([](const std::optional<std::filesystem::path>& directory) {
             return BankStore(directory ? *directory : BankStore::default_directory());
           }),
           py::arg("directory") = py::none(),
           "None: $VIGIL_BANK_DIR, else $XDG_DATA_HOME/vigil/banks, else "
           "~/.local/share/vigil/banks.")
      .def_property_readonly("directory", &BankStore::directory)
      .def("import_list", &import_list, py::arg("name"), py::arg("format"), py::arg("paths"),
           py::arg("delta") = false, py::arg("source") = "", py::arg("default_type") = "",
           py::arg("mapping") = py::none(), py::arg("type_names") = py::none(),
           "Imports list files as one new version of bank `name`, like `vigil bank import`: "
           "all are validated first, then applied in the order given (a later feed page may "
           "delete or update what an earlier one added); all or nothing. default_type is "
           "--type; mapping {field: column} is --map (fields: type, value, id, category, "
           "labels, age_band) and type_names {spelling: type} is --type-name, for mapped-csv "
           "and mapped-json.")
      .def("add", &add, py::arg("name"), py::arg("paths"), py::arg("id") = py::none(),
           py::arg("source") = "",
           "Hashes media files (directories: every file below) into bank `name` as one new "
           "version, like `vigil bank add`: pdq, md5 and sha256 of each file, entry id = the "
           "file name or `id` (one file only). A file that is not an image is added by its "
           "digests, with a UserWarning, as is a PDQ hash of quality below 50.")
      .def("info", &bank_info, py::arg("name"), "The version in service.")
      .def("names", &BankStore::names, "Names of the banks in the directory, sorted.")
      .def("__repr__", &repr);
}

}  // namespace vigil::python
