#include "reporting.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "errors.hpp"
#include "results.hpp"
#include "vigil/config.hpp"
#include "vigil/report.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::python {
namespace {

template <typename T>
T get_or(const py::dict& d, const char* key, T fallback) {
  return d.contains(key) && !d[key].is_none() ? d[key].cast<T>() : fallback;
}

ReportedFile file_from_dict(const py::dict& d) {
  ReportedFile file;
  file.location = get_or<std::string>(d, "location", "");
  file.file_name = get_or<std::string>(d, "file_name", "");
  file.original_file_name = get_or<std::string>(d, "original_file_name", "");
  file.uploaded_at = get_or<std::string>(d, "uploaded_at", "");
  file.viewed_by_person = get_or<bool>(d, "viewed_by_person", false);
  file.publicly_available = get_or<bool>(d, "publicly_available", false);
  file.hashes = get_or<std::map<std::string, std::string>>(d, "hashes", {});
  file.matches = get_or<std::vector<Match>>(d, "matches", {});
  if (file.location.empty()) throw py::value_error("every file needs a 'location'");
  return file;
}

py::dict file_to_dict(const ReportedFile& file) {
  py::dict d;
  d["location"] = file.location;
  d["file_name"] = file.file_name;
  d["viewed_by_person"] = file.viewed_by_person;
  d["hashes"] = file.hashes;
  d["matches"] = file.matches;
  return d;
}

ReportedUploader uploader_from_dict(const py::dict& d) {
  ReportedUploader u;
  u.esp_identifier = get_or<std::string>(d, "esp_identifier", "");
  u.esp_service = get_or<std::string>(d, "esp_service", "");
  u.screen_name = get_or<std::string>(d, "screen_name", "");
  u.display_name = get_or<std::string>(d, "display_name", "");
  u.profile_url = get_or<std::string>(d, "profile_url", "");
  u.ip_address = get_or<std::string>(d, "ip_address", "");
  u.ip_event = get_or<std::string>(d, "ip_event", "Upload");
  u.ip_time = get_or<std::string>(d, "ip_time", "");
  if (d.contains("port") && !d["port"].is_none()) u.port = d["port"].cast<int>();
  u.prior_reports = get_or<std::vector<std::string>>(d, "prior_reports", {});
  return u;
}

class PyReportQueue {
 public:
  PyReportQueue(const std::optional<std::filesystem::path>& outbox,
                const std::optional<std::filesystem::path>& audit) {
    std::string path;
    if (outbox) {
      path = outbox->string();
    } else {
      path = unwrap(Outbox::default_path());
    }
    Result<std::unique_ptr<ReportQueue>> opened = Status(ErrorCode::internal, "not opened");
    {
      py::gil_scoped_release release;
      opened = ReportQueue::open(path, audit.value_or(std::filesystem::path()));
    }
    queue_ = unwrap(std::move(opened));
    path_ = std::move(path);
  }

  // The outbox's path (configuration, not personal data).
  std::string repr() const {
    return "<vigil.ReportQueue " + py::repr(py::str(path_)).cast<std::string>() + ">";
  }

  py::list enqueue(const std::string& case_id, const std::vector<std::string>& destinations,
                   const std::vector<py::dict>& files, const std::string& content_url,
                   const std::optional<py::dict>& uploader, const std::string& incident_time,
                   const std::string& incident_type, const std::string& additional_info) {
    ReportRequest request;
    request.case_id = case_id;
    request.content_url = content_url;
    request.incident_time = incident_time;
    request.incident_type = incident_type;
    request.additional_info = additional_info;
    if (uploader) request.uploader = uploader_from_dict(*uploader);
    for (const py::dict& file : files) request.files.push_back(file_from_dict(file));
    Result<ReportQueue::Rows> rows = Status(ErrorCode::internal, "not enqueued");
    {
      py::gil_scoped_release release;
      rows = queue_->enqueue(request, destinations);
    }
    py::list out;
    for (const EnqueueResult& row : unwrap(std::move(rows))) {
      py::dict item;
      item["row_id"] = row.row_id;
      item["created"] = row.created;
      out.append(item);
    }
    return out;
  }

 private:
  std::unique_ptr<ReportQueue> queue_;
  std::string path_;
};

py::dict run_reports(const std::string& config_path, int workers, bool once) {
  Result<ReportRunSummary> summary = Status(ErrorCode::internal, "not run");
  {
    py::gil_scoped_release release;
    auto config = load_engine_config(config_path);
    if (!config.ok()) {
      summary = config.status();
    } else if (auto worker = ReportWorker::create(*config); !worker.ok()) {
      summary = worker.status();
    } else {
      ReportRunOptions options;
      options.workers = workers;
      options.once = once;
      summary = (*worker)->run(options);
    }
  }
  const ReportRunSummary s = unwrap(std::move(summary));
  py::dict out;
  out["filed"] = s.filed;
  out["handed_off"] = s.handed_off;
  out["retracted"] = s.retracted;
  out["retried"] = s.retried;
  out["failed"] = s.failed;
  out["errors"] = s.errors;
  return out;
}

}  // namespace

void define_reporting(py::module_& m) {
  py::class_<PyReportQueue>(m, "ReportQueue",
                            "Commits reports to the durable outbox (one row per destination). "
                            "enqueue() returns once the rows are on disk.")
      .def(py::init<const std::optional<std::filesystem::path>&,
                    const std::optional<std::filesystem::path>&>(),
           py::arg("outbox") = py::none(), py::arg("audit") = py::none())
      .def("enqueue", &PyReportQueue::enqueue, py::arg("case_id"), py::arg("destinations"),
           py::arg("files"), py::arg("content_url") = "", py::arg("uploader") = py::none(),
           py::arg("incident_time") = "", py::arg("incident_type") = "",
           py::arg("additional_info") = "",
           "Enqueues the case for each destination; returns [{'row_id', 'created'}]. files: "
           "[{'location', 'file_name', 'viewed_by_person', 'hashes', 'matches', ...}]; set "
           "viewed_by_person=True only when a person looked at the file.")
      .def("__repr__", &PyReportQueue::repr);
  m.def(
      "reported_file",
      [](const PyScanResult& scan, const std::string& location, const std::string& file_name) {
        return file_to_dict(reported_file(scan, location, file_name));
      },
      py::arg("scan"), py::arg("location"), py::arg("file_name") = "",
      "A files[] entry for ReportQueue.enqueue from a ScanResult: its hashes and matches.");
  m.def("run_reports", &run_reports, py::arg("config"), py::arg("workers") = 1,
        py::arg("once") = false,
        "Delivers due reports like `vigil report run`; returns the counts per outcome.");
}

}  // namespace vigil::python
