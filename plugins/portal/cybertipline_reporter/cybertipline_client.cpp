#include "cybertipline_client.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <thread>

#include "cybertipline/errors.hpp"
#include "http/retry_after.hpp"

namespace vigil::portal {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t backoff_ms(int attempt, std::int64_t low, std::int64_t high) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const double base = static_cast<double>(low) * static_cast<double>(1LL << std::min(attempt, 20));
  const double capped = std::min(base, static_cast<double>(high));
  const double jittered = capped * std::uniform_real_distribution<double>(0.5, 1.0)(rng);
  return static_cast<std::int64_t>(jittered);
}

// Classifies an HTTP response (status and, for 200, the XML's responseCode).
CallOutcome classify(const HttpResponse& response) {
  CallOutcome outcome;
  outcome.http_status = response.status;
  outcome.request_id = response.header("request-id");
  outcome.retry_after_ms = retry_after_ms(response.header("retry-after"));
  const CodeAction http_action = action_for_http_status(response.status);
  if (http_action != CodeAction::success) {
    outcome.action = http_action;
    outcome.reason = "http_" + std::to_string(response.status);
    outcome.message = "HTTP " + std::to_string(response.status) +
                      (response.status == 401 ? " (credentials refused)" : "");
    return outcome;
  }
  try {
    outcome.response = cybertipline::parse_response(response.body);
  } catch (const cybertipline::response_error& e) {
    outcome.action = CodeAction::retry;
    outcome.reason = "bad_response";
    outcome.message = std::string("unreadable response: ") + e.what();
    return outcome;
  }
  if (!outcome.response.response_code) {
    outcome.action = CodeAction::retry;
    outcome.reason = "bad_response";
    outcome.message = "response without a responseCode";
    return outcome;
  }
  outcome.response_code = *outcome.response.response_code;
  outcome.action = action_for_response_code(outcome.response_code);
  if (outcome.action != CodeAction::success) {
    outcome.reason = std::to_string(outcome.response_code);
    // The description is the service's own text about our request, not personal data.
    outcome.message = "responseCode " + outcome.reason + ": " + outcome.response.description;
  }
  return outcome;
}

}  // namespace

CyberTiplineClient::CyberTiplineClient(CyberTiplineClientOptions options)
    : options_(std::move(options)),
      http_(options_.http),
      pacing_(options_.max_calls_per_second, options_.max_calls_per_second) {}

bool CyberTiplineClient::breaker_open() const { return now_ms() < breaker_until_ms_.load(); }

void CyberTiplineClient::note_result(bool transient_failure) const {
  if (!transient_failure) {
    consecutive_failures_.store(0);
    return;
  }
  if (consecutive_failures_.fetch_add(1) + 1 >= options_.breaker_threshold) {
    breaker_until_ms_.store(now_ms() + options_.breaker_open_ms);
    consecutive_failures_.store(0);
  }
}

CallOutcome CyberTiplineClient::attempt(const std::string& endpoint, const HttpRequest& request,
                                        const plugin::delivery& audit) const {
  auto sent = http_.send(request);
  CallOutcome outcome;
  double duration = 0;
  if (const auto* error = std::get_if<HttpError>(&sent)) {
    duration = error->duration_ms;
    outcome.action =
        error->kind == HttpErrorKind::refused_url || error->kind == HttpErrorKind::file_unreadable
            ? CodeAction::stop
            : CodeAction::retry;
    outcome.reason = to_string(error->kind);
    outcome.message = endpoint + ": " + error->message;
    if (error->kind == HttpErrorKind::file_unreadable) {
      // The evidence is gone or unreadable: a person must restore it, then `report retry`.
      outcome.reason = "file_unreadable";
    }
  } else {
    const auto& response = std::get<HttpResponse>(sent);
    duration = response.duration_ms;
    outcome = classify(response);
    if (!outcome.message.empty()) outcome.message = endpoint + ": " + outcome.message;
  }
  nlohmann::json fields = {{"endpoint", endpoint},
                           {"request_id", outcome.request_id},
                           {"http_status", outcome.http_status},
                           {"duration_ms", static_cast<std::int64_t>(duration)}};
  if (outcome.response_code >= 0) fields["response_code"] = outcome.response_code;
  if (outcome.action != CodeAction::success) fields["reason"] = outcome.reason;
  audit.audit("api_call", fields.dump());
  return outcome;
}

CallOutcome CyberTiplineClient::call(const std::string& endpoint, HttpRequest request,
                                     const plugin::delivery& audit) const {
  request.url = options_.base_url + endpoint;
  request.basic_auth = std::make_pair(options_.credentials.user, options_.credentials.password);
  request.connect_timeout_ms = options_.connect_timeout_ms;
  request.timeout_ms = options_.timeout_ms;
  request.max_response_bytes = cybertipline::kMaxResponseBytes;
  CallOutcome outcome;
  for (int attempt_index = 0; attempt_index < std::max(1, options_.call_attempts);
       ++attempt_index) {
    if (breaker_open()) {
      outcome = CallOutcome{};
      outcome.action = CodeAction::retry;
      outcome.reason = "circuit_open";
      outcome.message = endpoint + ": too many consecutive failures; pausing calls";
      outcome.retry_after_ms = breaker_until_ms_.load() - now_ms();
      return outcome;
    }
    pacing_.acquire();
    outcome = attempt(endpoint, request, audit);
    note_result(outcome.action == CodeAction::retry);
    if (outcome.action != CodeAction::retry) return outcome;
    // An upload without a clear answer may have been attached: sending it again here could
    // attach it twice. The reporter decides (it files a clean report instead).
    if (endpoint == "/upload" && outcome.response_code < 0 && outcome.http_status != 429) {
      return outcome;
    }
    if (attempt_index + 1 == options_.call_attempts) break;
    const std::int64_t wait =
        std::max(outcome.retry_after_ms,
                 backoff_ms(attempt_index, options_.backoff_min_ms, options_.backoff_max_ms));
    if (wait > options_.backoff_max_ms) break;  // the server asks for longer: reschedule
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
  }
  return outcome;
}

CallOutcome CyberTiplineClient::status(const plugin::delivery& audit) const {
  HttpRequest request;
  request.method = "GET";
  return call("/status", std::move(request), audit);
}

CallOutcome CyberTiplineClient::submit(const std::string& report_xml,
                                       const plugin::delivery& audit) const {
  HttpRequest request;
  request.body = report_xml;
  request.content_type = "text/xml; charset=utf-8";
  return call("/submit", std::move(request), audit);
}

CallOutcome CyberTiplineClient::upload(const std::string& report_id, const std::string& path,
                                       const std::string& file_name,
                                       const plugin::delivery& audit) const {
  HttpRequest request;
  request.multipart.push_back({"id", report_id, "", "", ""});
  request.multipart.push_back({"file", "", path, file_name, "application/octet-stream"});
  return call("/upload", std::move(request), audit);
}

CallOutcome CyberTiplineClient::file_info(const std::string& file_details_xml,
                                          const plugin::delivery& audit) const {
  HttpRequest request;
  request.body = file_details_xml;
  request.content_type = "text/xml; charset=utf-8";
  return call("/fileinfo", std::move(request), audit);
}

CallOutcome CyberTiplineClient::finish(const std::string& report_id,
                                       const plugin::delivery& audit) const {
  HttpRequest request;
  request.body = url_encode_form({{"id", report_id}});
  request.content_type = "application/x-www-form-urlencoded";
  return call("/finish", std::move(request), audit);
}

CallOutcome CyberTiplineClient::retract(const std::string& report_id,
                                        const plugin::delivery& audit) const {
  HttpRequest request;
  request.body = url_encode_form({{"id", report_id}});
  request.content_type = "application/x-www-form-urlencoded";
  return call("/retract", std::move(request), audit);
}

}  // namespace vigil::portal
