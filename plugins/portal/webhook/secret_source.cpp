#include "webhook/secret_source.hpp"

#include <vigil/plugin.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace vigil::portal {
namespace {

std::string trim(const std::string& text) {
  const char* blanks = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(blanks);
  return text.substr(first, last - first + 1);
}

[[noreturn]] void missing(const std::string& message) {
  throw vigil::plugin::permanent_failure(message, "config");
}

}  // namespace

std::string load_secret(const secret_location& where) {
  if (!where.file.empty()) {
    std::ifstream in(where.file, std::ios::binary);
    if (!in) missing("cannot read the secret file '" + where.file + "'");
    std::string contents;
    char buffer[4096];
    while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
      contents.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (contents.size() > kMaxSecretFileBytes) {
        missing("the secret file '" + where.file + "' is too large for a secret");
      }
    }
    if (in.bad()) missing("cannot read the secret file '" + where.file + "'");
    std::string secret = trim(contents);
    if (secret.empty()) missing("the secret file '" + where.file + "' is empty");
    return secret;
  }
  if (where.env.empty()) missing("no secret configured (set secret_env or secret_file)");
  const char* value = std::getenv(where.env.c_str());
  if (value == nullptr) missing("the environment variable " + where.env + " is not set");
  std::string secret = trim(value);
  if (secret.empty()) missing("the environment variable " + where.env + " is empty");
  return secret;
}

}  // namespace vigil::portal
