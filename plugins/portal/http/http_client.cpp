#include "http/http_client.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/parsed_url.hpp"

namespace vigil::portal {
namespace {

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// What the transfer callbacks fill in.
struct Sink {
  HttpResponse response;
  std::size_t max_body = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* context) {
  auto* sink = static_cast<Sink*>(context);
  const std::size_t n = size * count;
  if (sink->response.body.size() + n > sink->max_body) {
    sink->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->response.body.append(data, n);
  return n;
}

std::string trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* context) {
  auto* sink = static_cast<Sink*>(context);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    sink->response.headers.clear();  // a new response (e.g. after "100 Continue")
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  sink->response.headers[trim(name)] = trim(line.substr(colon + 1));
  return n;
}

bool has_line_break(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

void check_request(const HttpRequest& request) {
  if (request.method != "GET" && request.method != "POST") {
    throw std::invalid_argument("HttpClient: method must be GET or POST");
  }
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || name.find(':') != std::string::npos || has_line_break(name) ||
        has_line_break(value)) {
      throw std::invalid_argument("HttpClient: malformed header name or value");
    }
  }
  if (has_line_break(request.content_type)) {
    throw std::invalid_argument("HttpClient: malformed content type");
  }
}

bool has_header(const HttpRequest& request, std::string_view lower_name) {
  return std::any_of(request.headers.begin(), request.headers.end(), [&](const auto& header) {
    return std::equal(
        header.first.begin(), header.first.end(), lower_name.begin(), lower_name.end(),
        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  });
}

// Replaces every occurrence of each secret in `message` with "***".
std::string redact(std::string message, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + 3)) {
      message.replace(at, secret.size(), "***");
    }
  }
  return message;
}

// A regular file we can open for reading (curl would otherwise fail mid-transfer).
bool readable_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  const bool ok = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  ::close(fd);
  return ok;
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

const char* to_string(HttpErrorKind kind) noexcept {
  switch (kind) {
    case HttpErrorKind::network:
      return "network";
    case HttpErrorKind::timeout:
      return "timeout";
    case HttpErrorKind::response_too_large:
      return "response_too_large";
    case HttpErrorKind::refused_url:
      return "refused_url";
    case HttpErrorKind::file_unreadable:
      return "file_unreadable";
  }
  return "unknown";
}

std::string HttpResponse::header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {}

std::variant<HttpResponse, HttpError> HttpClient::send(const HttpRequest& request) const {
  check_request(request);
  ensure_curl_initialised();
  const auto start = std::chrono::steady_clock::now();
  auto fail = [&](HttpErrorKind kind, std::string message, long status = 0) {
    return HttpError{kind, std::move(message), elapsed_ms(start), status};
  };

  // Parse once and hand curl the parsed URL, so the host checked is the host contacted.
  ParsedUrl url(request.url);
  if (!url.ok() || !url.allowed()) {
    return fail(HttpErrorKind::refused_url, "URL refused (only https, or http to loopback)");
  }
  std::vector<std::string> secrets = {url.part_user(), url.part_password()};
  if (request.basic_auth) {
    secrets.push_back(request.basic_auth->first);
    secrets.push_back(request.basic_auth->second);
  }

  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return fail(HttpErrorKind::network, "curl_easy_init failed");
  CURL* h = easy.get();

  Sink sink;
  sink.max_body = request.max_response_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_CURLU, url.handle());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  // Loopback test portals are never reached through a proxy from the environment.
  curl_easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
  if (request.max_response_bytes > 0) {
    // Refuses early when Content-Length announces too much; on_body enforces it anyway.
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.max_response_bytes));
  }
  if (request.basic_auth) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, request.basic_auth->first.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, request.basic_auth->second.c_str());
  }

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](const std::string& line) {
    curl_slist* head = curl_slist_append(headers.get(), line.c_str());
    if (head == nullptr) throw std::bad_alloc();
    if (!headers) headers.reset(head);  // later appends keep the same head
  };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  // No "Expect: 100-continue" round trip before large bodies.
  if (!has_header(request, "expect")) add_header("Expect:");

  std::unique_ptr<curl_mime, MimeDeleter> mime;
  bool has_file_part = false;
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (!request.multipart.empty()) {
    mime.reset(curl_mime_init(h));
    if (!mime) return fail(HttpErrorKind::network, "curl_mime_init failed");
    for (const HttpPart& part : request.multipart) {
      curl_mimepart* p = curl_mime_addpart(mime.get());
      if (p == nullptr) return fail(HttpErrorKind::network, "curl_mime_addpart failed");
      curl_mime_name(p, part.name.c_str());
      if (part.file_path.empty()) {
        curl_mime_data(p, part.value.data(), part.value.size());
      } else {
        has_file_part = true;
        if (!readable_file(part.file_path) ||
            curl_mime_filedata(p, part.file_path.c_str()) != CURLE_OK) {
          return fail(HttpErrorKind::file_unreadable,
                      "multipart part '" + part.name + "': file is not a readable regular file");
        }
        if (!part.file_name.empty()) curl_mime_filename(p, part.file_name.c_str());
      }
      if (!part.content_type.empty()) curl_mime_type(p, part.content_type.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());
  } else {
    if (!request.content_type.empty()) add_header("Content-Type: " + request.content_type);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode code = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  const double duration = elapsed_ms(start);

  if (code == CURLE_OK) {
    sink.response.status = status;
    sink.response.duration_ms = duration;
    return std::move(sink.response);
  }
  std::string message = curl_easy_strerror(code);
  if (error_buffer[0] != '\0') message += std::string(": ") + error_buffer;
  message = redact(std::move(message), secrets);

  HttpErrorKind kind = HttpErrorKind::network;
  if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    kind = HttpErrorKind::response_too_large;
    message = "response body larger than " + std::to_string(request.max_response_bytes) + " bytes";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    kind = HttpErrorKind::timeout;
  } else if (code == CURLE_READ_ERROR && has_file_part) {
    kind = HttpErrorKind::file_unreadable;
  } else if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) {
    kind = HttpErrorKind::refused_url;
  }
  return HttpError{kind, std::move(message), duration, status};
}

}  // namespace vigil::portal
