#include "webhook/webhook_sender.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>
#include <variant>

#include "http/retry_after.hpp"
#include "reporters/report_json.hpp"
#include "reporters/utc_time.hpp"
#include "webhook/hmac_sha256.hpp"
#include "webhook/secret_source.hpp"

namespace vigil::portal {
namespace {

using vigil::plugin::permanent_failure;
using vigil::plugin::retry_later;

bool retryable_status(long status) {
  return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

std::string http_reason(long status) { return "http_" + std::to_string(status); }

// The host keeps receipts in a 256-byte buffer: a longer id would be cut, so it is dropped.
constexpr std::size_t kMaxRemoteIdBytes = 255;

// The remote id of a 2xx response: the body's "id" when it is a JSON object with one.
std::string remote_id_of(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return {};
  auto id = json.find("id");
  if (id == json.end()) return {};
  std::string text;
  if (id->is_string()) text = id->get<std::string>();
  if (id->is_number_integer()) text = id->dump();
  return text.size() <= kMaxRemoteIdBytes ? text : std::string();
}

// Throws the outcome of a non-2xx status.
[[noreturn]] void throw_for_status(long status, std::int64_t retry_after) {
  const std::string message = "webhook answered HTTP " + std::to_string(status);
  if (retryable_status(status)) throw retry_later(message, http_reason(status), retry_after);
  throw permanent_failure(message, http_reason(status));
}

}  // namespace

webhook_sender webhook_sender::from_settings(const vigil::plugin::settings& settings) {
  using vigil::plugin::error;
  const std::string url = settings.get_string(webhook_fields::url.name);
  if (url.empty()) throw error("setting 'url' is required", VIGIL_ERROR_INVALID_ARGUMENT);
  if (!url_allowed(url)) {
    throw error("setting 'url' must be https:// (or http:// to a loopback host)",
                VIGIL_ERROR_INVALID_ARGUMENT);
  }
  const long long timeout_seconds = settings.get_int(webhook_fields::timeout_seconds.name, 30);
  if (timeout_seconds < 1 || timeout_seconds > 600) {
    throw error("setting 'timeout_seconds' must be 1..600", VIGIL_ERROR_INVALID_ARGUMENT);
  }
  secret_location where{settings.get_string(webhook_fields::secret_file.name),
                        settings.get_string(webhook_fields::secret_env.name,
                                            webhook_fields::secret_env.default_value)};
  return webhook_sender(url, load_secret(where), static_cast<long>(timeout_seconds) * 1000,
                        settings.get_string(webhook_fields::ca_file.name));
}

webhook_sender::webhook_sender(std::string url, std::string secret, long timeout_ms,
                               std::string ca_file)
    : client_(HttpClientOptions{std::move(ca_file), "vigil"}),
      url_(std::move(url)),
      host_(url_host(url_)),
      secret_(std::move(secret)),
      timeout_ms_(timeout_ms) {}

std::string webhook_sender::post(const vigil::plugin::delivery& request, const std::string& body,
                                 std::string_view format, std::string_view destination) const {
  const auto now = std::chrono::system_clock::now();
  HttpRequest http;
  http.method = "POST";
  http.url = url_;
  http.body = body;
  http.content_type = "application/json";
  http.headers = {
      {"Idempotency-Key", std::string(request.idempotency_key())},
      {"X-Vigil-Format", std::string(format)},
      {"X-Vigil-Timestamp", std::to_string(unix_seconds(now))},
      {"X-Vigil-Signature", "sha256=" + hmac_sha256_hex(secret_, body)},
  };
  http.timeout_ms = timeout_ms_;
  http.connect_timeout_ms = std::min(timeout_ms_, 10'000L);

  const auto result = client_.send(http);

  nlohmann::json audit = {{"destination", destination}, {"endpoint", "webhook"}, {"host", host_}};
  const auto* response = std::get_if<HttpResponse>(&result);
  const auto* failure = std::get_if<HttpError>(&result);
  const long status = response != nullptr ? response->status : failure->status;
  const double duration = response != nullptr ? response->duration_ms : failure->duration_ms;
  audit["status"] = status;
  audit["duration_ms"] = std::llround(duration);
  if (response != nullptr) {
    for (const char* name : {"request-id", "x-request-id"}) {
      if (auto id = response->header(name); !id.empty()) {
        audit["request_id"] = id.substr(0, 128);
        break;
      }
    }
  } else {
    audit["error"] = to_string(failure->kind);
  }
  request.audit("api_call", dump_line(audit));

  if (response != nullptr) {
    if (status >= 200 && status <= 299) return remote_id_of(response->body);
    throw_for_status(status, retry_after_ms(response->header("retry-after")));
  }
  switch (failure->kind) {
    case HttpErrorKind::timeout:
      throw retry_later("webhook call timed out: " + failure->message, "timeout");
    case HttpErrorKind::response_too_large:
      // The status line arrived before the oversized body: a 2xx means it was accepted.
      if (status >= 200 && status <= 299) return {};
      if (status != 0) throw_for_status(status, 0);
      throw retry_later("webhook response too large", "response_too_large");
    case HttpErrorKind::refused_url:
      throw permanent_failure("webhook URL refused", "config");
    case HttpErrorKind::network:
    case HttpErrorKind::file_unreadable:
      break;
  }
  throw retry_later("webhook call failed: " + failure->message, "network");
}

}  // namespace vigil::portal
