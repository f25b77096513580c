// A small HTTPS client for the portal reporters, built on libcurl.
//
// One HttpClient::send() call is one HTTP exchange: GET or POST, a plain body or a
// multipart/form-data body (file parts are streamed from disk, never held in memory
// whole), optional HTTP Basic auth, and a response whose body is capped in size.
//
// Safety rules the client enforces, whatever the caller asks for:
//  - only https://, or http:// to a loopback host (test portals) - see url_allowed();
//  - TLS peer and host name verification are always on (a private CA may be added with
//    HttpClientOptions::ca_file, never switched off);
//  - redirects are never followed (a 3xx comes back as a response);
//  - no compressed responses are requested, so max_response_bytes bounds what is received;
//  - CURLOPT_VERBOSE is never enabled, and no error message contains credentials, request
//    bodies or the URL's query string.
//
// Errors: problems with the network or the response (refused connection, DNS, TLS,
// timeout, an oversized body, an unreadable file part, a refused URL) come back as an
// HttpError value; send() never throws for them. A malformed request (a method other than
// GET/POST, or a CR/LF in a header) is a programming error and throws
// std::invalid_argument.
//
// Thread-safety: send() is const and thread-safe; every call uses its own curl easy handle.
// curl_global_init runs once per process (std::call_once) on first use.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vigil::portal {

// One multipart/form-data part.
struct HttpPart {
  std::string name;
  std::string value;         // used when file_path is empty
  std::string file_path;     // non-empty: the part's bytes are streamed from this file
  std::string file_name;     // filename="..." for file parts (empty: the path's base name)
  std::string content_type;  // optional
};

struct HttpRequest {
  std::string method = "POST";  // "GET" or "POST"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                 // for POST without multipart
  std::string content_type;         // Content-Type of body (e.g. "text/xml; charset=utf-8")
  std::vector<HttpPart> multipart;  // non-empty: send multipart/form-data instead of body
  std::optional<std::pair<std::string, std::string>> basic_auth;  // user, password
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;  // the whole exchange, upload included
  // A longer response body aborts the transfer -> HttpErrorKind::response_too_large.
  std::size_t max_response_bytes = 64 * 1024;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  double duration_ms = 0;
  // The value of header `lower_name` (give it lower-cased), "" when absent.
  std::string header(std::string_view lower_name) const;
};

enum class HttpErrorKind {
  network,             // DNS, connect, TLS, reset, protocol errors
  timeout,             // connect_timeout_ms or timeout_ms elapsed
  response_too_large,  // the body exceeded max_response_bytes
  refused_url,         // url_allowed() said no (or the URL does not parse)
  file_unreadable,     // a multipart file part could not be opened or read
};

struct HttpError {
  HttpErrorKind kind;
  std::string message;  // for operators; never contains credentials, bodies or the URL
  double duration_ms = 0;
  long status = 0;  // the response's status if one was received before the failure, else 0
};

// "network", "timeout", "response_too_large", "refused_url", "file_unreadable".
const char* to_string(HttpErrorKind kind) noexcept;

struct HttpClientOptions {
  std::string ca_file;  // CA bundle (PEM) for private test portals; empty = system store
  std::string user_agent = "vigil";
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});

  // Performs one request (see the file comment for the rules and the errors). The request
  // and any file parts must stay valid and unchanged for the duration of the call.
  std::variant<HttpResponse, HttpError> send(const HttpRequest& request) const;

  const HttpClientOptions& options() const noexcept { return options_; }

 private:
  HttpClientOptions options_;
};

// "https://..." is always allowed; "http://" only to a loopback host (127.0.0.1, ::1,
// localhost) for test portals; anything else (other schemes, unparsable URLs) is refused.
// The URL is parsed with libcurl's own parser, so the host checked is the host contacted.
bool url_allowed(std::string_view url);

// The URL's host name (IPv6 literals in brackets), "" if it does not parse. For logs and
// audit records: never log a whole URL, its query string may carry secrets.
std::string url_host(std::string_view url);

// "a=b&c=d" with names and values percent-encoded for application/x-www-form-urlencoded
// (RFC 3986 unreserved characters are kept, everything else is %XX).
std::string url_encode_form(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace vigil::portal
