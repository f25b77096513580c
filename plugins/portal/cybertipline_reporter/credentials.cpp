#include "credentials.hpp"

#include <vigil/plugin.hpp>

#include <cstdlib>
#include <fstream>

namespace vigil::portal {
namespace {

// Line ends only: a password may end in a space.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

Credentials load_credentials(const std::vector<std::string>& env_names, const std::string& file) {
  Credentials credentials;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) throw plugin::permanent_failure("cannot read credentials file " + file, "credentials");
    std::string first;
    std::string second;
    std::getline(in, first);
    std::getline(in, second);
    first = trimmed(first);
    second = trimmed(second);
    if (second.empty() && first.find(':') != std::string::npos) {
      second = first.substr(first.find(':') + 1);
      first = first.substr(0, first.find(':'));
    }
    credentials = {first, second};
    if (credentials.user.empty() || credentials.password.empty()) {
      throw plugin::permanent_failure(
          "credentials file " + file + " must hold a user and a password", "credentials");
    }
    return credentials;
  }
  if (env_names.size() != 2) {
    throw plugin::permanent_failure("credentials_env must name two variables (user, password)",
                                    "credentials");
  }
  const char* user = std::getenv(env_names[0].c_str());
  const char* password = std::getenv(env_names[1].c_str());
  if (user == nullptr || *user == '\0') {
    throw plugin::permanent_failure("environment variable " + env_names[0] + " is not set",
                                    "credentials");
  }
  if (password == nullptr || *password == '\0') {
    throw plugin::permanent_failure("environment variable " + env_names[1] + " is not set",
                                    "credentials");
  }
  return {user, password};
}

}  // namespace vigil::portal
