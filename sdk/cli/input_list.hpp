// Expands command-line PATH arguments into the inputs a command processes, in order:
// a file is itself, a directory is every regular file below it (recursively, sorted by
// path, symlinks to directories not followed), "-" is standard input. A path that does
// not exist is kept as an input so the command reports it as that input's error.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vigil::cli {

struct Input {
  std::string display;  // what the user sees: the path as given or found, or "-"
  std::filesystem::path path;
  bool is_stdin = false;
};

std::vector<Input> expand_inputs(const std::vector<std::string>& arguments);

}  // namespace vigil::cli
