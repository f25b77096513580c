// A URL parsed with libcurl's own parser (CURLU), for the HTTP client's URL policy.
//
// Parsing with the same parser that later connects means the host we check is the host
// curl contacts (no parser differential such as "http://127.0.0.1@evil.example/").
// Internal to the http folder; callers use url_allowed() and url_host().
#pragma once

#include <string>
#include <string_view>

struct Curl_URL;  // libcurl's CURLU

namespace vigil::portal {

class ParsedUrl {
 public:
  // Parses an absolute URL; ok() is false when libcurl refuses it (no scheme guessing,
  // unsupported schemes and embedded NULs are refused).
  explicit ParsedUrl(std::string_view url);
  ~ParsedUrl();
  ParsedUrl(const ParsedUrl&) = delete;
  ParsedUrl& operator=(const ParsedUrl&) = delete;

  bool ok() const noexcept { return handle_ != nullptr; }
  // Lower-cased scheme and host ("" when not ok()); IPv6 hosts keep their brackets.
  const std::string& scheme() const noexcept { return scheme_; }
  const std::string& host() const noexcept { return host_; }
  // https, or http to 127.0.0.1, [::1] or localhost.
  bool allowed() const noexcept;
  // User name and password embedded in the URL ("" when absent), for redaction only.
  std::string part_user() const;
  std::string part_password() const;
  // The CURLU handle, owned by this object; valid while it lives.
  Curl_URL* handle() const noexcept { return handle_; }

 private:
  Curl_URL* handle_ = nullptr;
  std::string scheme_;
  std::string host_;
};

}  // namespace vigil::portal
