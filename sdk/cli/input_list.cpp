#include "input_list.hpp"

#include <algorithm>
#include <system_error>

namespace vigil::cli {
namespace fs = std::filesystem;

std::vector<Input> expand_inputs(const std::vector<std::string>& arguments) {
  std::vector<Input> inputs;
  for (const std::string& argument : arguments) {
    if (argument == "-") {
      inputs.push_back({"-", {}, true});
      continue;
    }
    std::error_code error;
    if (!fs::is_directory(argument, error)) {
      inputs.push_back({argument, argument, false});
      continue;
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(
             argument, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file(error)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) inputs.push_back({file.string(), file, false});
  }
  return inputs;
}

}  // namespace vigil::cli
