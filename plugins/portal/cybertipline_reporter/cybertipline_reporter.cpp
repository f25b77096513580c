#include "cybertipline_reporter.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "cybertipline/errors.hpp"
#include "cybertipline/file_details_xml.hpp"
#include "file_md5.hpp"

namespace vigil::portal {
namespace {

using nlohmann::json;

constexpr const char* kTestUrl = "https://exttest.cybertip.org/ispws";
constexpr const char* kProductionUrl = "https://report.cybertip.org/ispws";
constexpr int kMaxRestartsPerDelivery = 2;

// Thrown inside deliver() when the service lost the report: start again from /submit.
struct report_lost {
  std::string why;
};
// Thrown inside deliver() when the service says the report is already filed (5102).
struct report_already_filed {};

CyberTiplineClientOptions client_options(const plugin::settings& settings) {
  CyberTiplineClientOptions options;
  const std::string environment = settings.get_string("environment", "test");
  if (environment != "test" && environment != "production") {
    throw plugin::error("environment must be \"test\" or \"production\", not '" + environment + "'",
                        VIGIL_ERROR_INVALID_ARGUMENT);
  }
  options.base_url = settings.get_string("base_url");
  if (options.base_url.empty()) {
    options.base_url = environment == "production" ? kProductionUrl : kTestUrl;
  }
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
  if (!url_allowed(options.base_url)) {
    throw plugin::error("base_url must be https (plain http only to a loopback test portal)",
                        VIGIL_ERROR_INVALID_ARGUMENT);
  }
  options.credentials = load_credentials(settings.get_list("credentials_env"),
                                         settings.get_string("credentials_file"));
  options.http.ca_file = settings.get_string("ca_file");
  options.timeout_ms = settings.get_int("timeout_seconds", 120) * 1000;
  options.call_attempts = static_cast<int>(settings.get_int("call_attempts", 3));
  options.backoff_min_ms = settings.get_int("backoff_min_ms", 1000);
  options.backoff_max_ms = settings.get_int("backoff_max_ms", 30000);
  options.breaker_threshold = static_cast<int>(settings.get_int("breaker_failures", 5));
  options.breaker_open_ms = settings.get_int("breaker_open_seconds", 60) * 1000;
  options.max_calls_per_second = static_cast<double>(settings.get_int("max_calls_per_second", 10));
  return options;
}

cybertipline::ReportingPerson reporting_person(const plugin::settings& settings) {
  cybertipline::ReportingPerson person;
  person.first_name = settings.get_string("reporter_first_name");
  person.last_name = settings.get_string("reporter_last_name");
  person.email = settings.get_string("reporter_email");
  if (person.first_name.empty() || person.last_name.empty() || person.email.empty()) {
    throw plugin::error(
        "kind = \"cybertipline\" needs reporter_first_name, reporter_last_name and "
        "reporter_email (the reporting person NCMEC contacts)",
        VIGIL_ERROR_INVALID_ARGUMENT);
  }
  return person;
}

// Throws for every outcome but success: retry_later, permanent_failure or report_lost.
void require_success(const CallOutcome& outcome) {
  switch (outcome.action) {
    case CodeAction::success:
      return;
    case CodeAction::already_finished:
      throw report_already_filed{};
    case CodeAction::retry:
      throw plugin::retry_later(outcome.message, outcome.reason, outcome.retry_after_ms);
    case CodeAction::report_missing:
    case CodeAction::already_retracted:
    case CodeAction::file_missing:
      throw report_lost{outcome.message};
    case CodeAction::stop:
      throw plugin::permanent_failure(outcome.message, outcome.reason);
  }
}

// True when a failed /upload certainly did not attach the file: the service answered
// with a responseCode, refused us before reading (401, 403, 429), or the call never left
// (circuit breaker open). A 5xx from a proxy, a dropped connection or an unreadable answer
// may hide a committed upload.
bool definitely_not_attached(const CallOutcome& outcome) {
  if (outcome.response_code >= 0) return true;
  if (outcome.reason == "circuit_open") return true;
  return outcome.http_status == 401 || outcome.http_status == 403 || outcome.http_status == 429;
}

// The reporter's saved progress within a stage.
struct Progress {
  std::string stage;
  std::string report_id;
  json checkpoint;  // {"file_ids": [...], "details_sent": n}

  std::size_t files_uploaded() const { return checkpoint["file_ids"].size(); }
  std::size_t details_sent() const { return checkpoint.value("details_sent", std::size_t{0}); }

  void save(const plugin::delivery& request, const std::string& next_stage) {
    stage = next_stage;
    request.save(stage, checkpoint.dump(), report_id);
  }
  void reset() {
    stage = "pending";
    report_id.clear();
    checkpoint = {{"file_ids", json::array()}, {"details_sent", 0}};
  }
};

Progress progress_of(const plugin::delivery& request) {
  Progress progress;
  progress.reset();
  progress.stage = std::string(request.stage());
  progress.report_id = std::string(request.remote_id());
  json saved = json::parse(request.checkpoint(), nullptr, false);
  if (saved.is_object() && saved.contains("file_ids") && saved["file_ids"].is_array()) {
    progress.checkpoint = saved;
  }
  return progress;
}

std::string file_name_of(const json& file, std::size_t index) {
  std::string name = file.value("file_name", "");
  if (name.empty()) name = std::filesystem::path(file.value("location", "")).filename().string();
  if (name.empty()) name = "file-" + std::to_string(index + 1);
  return name;
}

}  // namespace

cybertipline_reporter::cybertipline_reporter(const plugin::settings& settings,
                                             const plugin::host& host)
    : host_(host), person_(reporting_person(settings)), client_(client_options(settings)) {}

plugin::delivery_receipt cybertipline_reporter::withdraw(const plugin::delivery& request) const {
  const std::string report_id(request.remote_id());
  if (report_id.empty()) {
    // Nothing is open at NCMEC (an unanswered /submit, if any, expires unfiled).
    return {plugin::delivery_result::retracted, ""};
  }
  const CallOutcome outcome = client_.retract(report_id, request);
  switch (outcome.action) {
    case CodeAction::success:
    case CodeAction::already_retracted:
    case CodeAction::report_missing:  // expired unfiled: nothing left to withdraw
      return {plugin::delivery_result::retracted, report_id};
    case CodeAction::already_finished:
      host_.warn("retraction of report " + report_id + " refused: it was already filed (5102)");
      return {plugin::delivery_result::filed, report_id};
    case CodeAction::retry:
      throw plugin::retry_later(outcome.message, outcome.reason, outcome.retry_after_ms);
    case CodeAction::stop:
    case CodeAction::file_missing:
      break;
  }
  throw plugin::permanent_failure(outcome.message, outcome.reason);
}

plugin::delivery_receipt cybertipline_reporter::deliver(const plugin::delivery& request) {
  if (request.retract_requested()) return withdraw(request);
  const json report = json::parse(request.report_json(), nullptr, false);
  if (!report.is_object() || !report.contains("files") || !report["files"].is_array()) {
    throw plugin::permanent_failure("the report is not a vigil.report/1 document", "bad_report");
  }
  const json& files = report["files"];
  Progress progress = progress_of(request);
  for (int restarts = 0;; ++restarts) {
    try {
      if (progress.stage == "pending" && !progress.report_id.empty()) {
        // An operator revived a failed row (`vigil report retry`): the report it had opened
        // may be open or even filed. Settle it first: withdraw, or learn that it was filed.
        throw report_lost{"revived with report " + progress.report_id + " possibly open"};
      }
      if (progress.stage == "pending") {
        progress.reset();
        std::string xml;
        try {
          xml = cybertipline::write_report_xml(report, person_);
        } catch (const cybertipline::validation_error& e) {
          throw plugin::permanent_failure(std::string("report refused before sending: ") + e.what(),
                                          "validation");
        }
        const CallOutcome opened = client_.submit(xml, request);
        require_success(opened);
        if (opened.response.report_id.empty()) {
          throw plugin::retry_later("/submit: success without a reportId", "bad_response");
        }
        progress.report_id = opened.response.report_id;
        progress.save(request, "submitted");
      }
      if (progress.stage == "submitted") {
        if (progress.checkpoint.contains("uploading")) {
          // An earlier attempt died or lost its answer during an upload: the file may or may
          // not be attached. Withdraw this report and file a clean one instead of risking a
          // report with a duplicate (or corrupt) file.
          throw report_lost{"an upload's outcome is unknown"};
        }
        for (std::size_t i = progress.files_uploaded(); i < files.size(); ++i) {
          const std::string path = files[i].value("location", "");
          const auto expected = file_md5_hex(path);
          if (!expected) {
            throw plugin::permanent_failure(
                "file " + std::to_string(i + 1) + " of the report cannot be read at its location",
                "file_unreadable");
          }
          progress.checkpoint["uploading"] = i;
          progress.save(request, "submitted");
          const CallOutcome uploaded =
              client_.upload(progress.report_id, path, file_name_of(files[i], i), request);
          if (uploaded.action != CodeAction::success && definitely_not_attached(uploaded)) {
            progress.checkpoint.erase("uploading");
            progress.save(request, "submitted");
          }
          require_success(uploaded);
          if (uploaded.response.file_id.empty()) {
            throw plugin::retry_later("/upload: success without a fileId", "bad_response");
          }
          std::string echoed = uploaded.response.hash;
          for (char& c : echoed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (echoed != *expected) {
            // The service holds other bytes than ours: "uploading" stays set, so the next
            // attempt withdraws this report and files a clean one.
            throw plugin::retry_later("/upload: the MD5 the service computed differs from ours",
                                      "md5_mismatch");
          }
          progress.checkpoint.erase("uploading");
          progress.checkpoint["file_ids"].push_back(uploaded.response.file_id);
          progress.save(request, "submitted");
        }
        progress.save(request, "files_uploaded");
      }
      if (progress.stage == "files_uploaded") {
        for (std::size_t i = progress.details_sent(); i < files.size(); ++i) {
          std::string xml;
          try {
            xml = cybertipline::write_file_details_xml(
                report, i, progress.report_id,
                progress.checkpoint["file_ids"][i].get<std::string>());
          } catch (const cybertipline::validation_error& e) {
            throw plugin::permanent_failure(
                std::string("file details refused before sending: ") + e.what(), "validation");
          }
          require_success(client_.file_info(xml, request));
          progress.checkpoint["details_sent"] = i + 1;
          progress.save(request, "files_uploaded");
        }
        progress.save(request, "details_sent");
      }
      if (progress.stage == "details_sent") progress.save(request, "finishing");
      if (progress.stage == "finishing") {
        require_success(client_.finish(progress.report_id, request));
        return {plugin::delivery_result::filed, progress.report_id};
      }
      throw plugin::permanent_failure("unknown stage '" + progress.stage + "'", "bad_stage");
    } catch (const report_already_filed&) {
      return {plugin::delivery_result::filed, progress.report_id};
    } catch (const report_lost& lost) {
      if (restarts >= kMaxRestartsPerDelivery) {
        throw plugin::retry_later(lost.why + " (restarted too often in one attempt)", "restarts");
      }
      host_.warn("abandoning report " + progress.report_id + " (" + lost.why +
                 "); filing the case again from /submit");
      const std::string abandoned = progress.report_id;
      if (!abandoned.empty()) {
        // Withdraw what is left of it, so it can never be finished by anyone.
        const CallOutcome withdrawn = client_.retract(abandoned, request);
        if (withdrawn.action == CodeAction::already_finished) {
          return {plugin::delivery_result::filed, abandoned};
        }
        if (withdrawn.action == CodeAction::retry) {
          throw plugin::retry_later(withdrawn.message, withdrawn.reason, withdrawn.retry_after_ms);
        }
        if (withdrawn.action == CodeAction::stop) {
          throw plugin::permanent_failure(withdrawn.message, withdrawn.reason);
        }
      }
      request.restart();
      progress.reset();
    }
  }
}

}  // namespace vigil::portal
