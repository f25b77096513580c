#include <cstdlib>
#include <string>

#include "vigil/outbox.hpp"

namespace vigil {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

}  // namespace

Result<std::string> Outbox::default_path() {
  if (const char* explicit_path = env("VIGIL_OUTBOX")) return std::string(explicit_path);
  if (const char* state = env("XDG_STATE_HOME")) return std::string(state) + "/vigil/outbox.db";
  if (const char* home = env("HOME")) return std::string(home) + "/.local/state/vigil/outbox.db";
  return Status(ErrorCode::not_found, "no outbox path: set VIGIL_OUTBOX, XDG_STATE_HOME or HOME");
}

}  // namespace vigil
