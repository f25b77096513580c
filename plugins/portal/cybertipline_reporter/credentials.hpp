// CyberTipline credentials: HTTP Basic auth user and password, read from the environment
// or a file at construction, never from the configuration file and never logged.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vigil::portal {

struct Credentials {
  std::string user;
  std::string password;
};

// From `file` when it is non-empty (first line "user", second line "password"; or one line
// "user:password"), else from the two environment variables named in `env_names`.
// Throws vigil::plugin::permanent_failure(..., "credentials") naming the variable or file
// (never its contents) when they are missing or empty.
Credentials load_credentials(const std::vector<std::string>& env_names, const std::string& file);

}  // namespace vigil::portal
