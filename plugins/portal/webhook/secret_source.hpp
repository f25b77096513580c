// Where a reporter's secret (an HMAC key, a password) comes from: a file or an environment
// variable, never the configuration file itself.
//
// The value is trimmed of surrounding whitespace (a trailing newline in a secret file is
// the usual accident). Messages name the variable or the file, never the value.
// Thread-safety: load_secret() reads the process environment (getenv); do not call it
// while another thread changes the environment.
#pragma once

#include <cstddef>
#include <string>

namespace vigil::portal {

struct secret_location {
  std::string file;  // read this file when non-empty (it wins over env)
  std::string env;   // otherwise this environment variable
};

// The largest secret file read (a secret is a short token, not a document).
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

// The secret, trimmed. Throws vigil::plugin::permanent_failure(.., "config") when neither
// source is given, the file cannot be read or is larger than kMaxSecretFileBytes, the
// variable is unset, or the value is empty after trimming.
std::string load_secret(const secret_location& where);

}  // namespace vigil::portal
