// Options every `vigil` subcommand accepts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vigil::cli {

struct GlobalOptions {
  std::string log_level = "warn";
  bool log_level_given = false;  // else a configuration file's [log] may set it
  std::string log_format = "text";
  // Searched before $VIGIL_PLUGIN_PATH and the installed plugin directory.
  std::vector<std::filesystem::path> plugin_path;
};

}  // namespace vigil::cli
