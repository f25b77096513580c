#include "http/parsed_url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

#include "http/http_client.hpp"

namespace vigil::portal {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string get_part(CURLU* handle, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, 0) != CURLUE_OK || value == nullptr) return {};
  std::string copy(value);
  curl_free(value);
  return copy;
}

}  // namespace

ParsedUrl::ParsedUrl(std::string_view url) {
  if (url.find('\0') != std::string_view::npos) return;
  CURLU* handle = curl_url();
  if (handle == nullptr) return;
  const std::string text(url);
  if (curl_url_set(handle, CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    curl_url_cleanup(handle);
    return;
  }
  handle_ = handle;
  scheme_ = lower(get_part(handle, CURLUPART_SCHEME));
  host_ = lower(get_part(handle, CURLUPART_HOST));
}

ParsedUrl::~ParsedUrl() {
  if (handle_ != nullptr) curl_url_cleanup(handle_);
}

bool ParsedUrl::allowed() const noexcept {
  if (!ok() || host_.empty()) return false;
  if (scheme_ == "https") return true;
  return scheme_ == "http" && (host_ == "127.0.0.1" || host_ == "[::1]" || host_ == "localhost");
}

std::string ParsedUrl::part_user() const { return ok() ? get_part(handle_, CURLUPART_USER) : ""; }
std::string ParsedUrl::part_password() const {
  return ok() ? get_part(handle_, CURLUPART_PASSWORD) : "";
}

bool url_allowed(std::string_view url) { return ParsedUrl(url).allowed(); }

std::string url_host(std::string_view url) { return ParsedUrl(url).host(); }

}  // namespace vigil::portal
