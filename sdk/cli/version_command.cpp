#include <iostream>

#include "commands.hpp"
#include "vigil/version.hpp"

namespace vigil::cli {

void add_version_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("version", "print the SDK version and plugin ABI version");
  command->callback([&exit_code] {
    std::cout << "vigil " << sdk_version() << " (plugin ABI " << plugin_abi_version() << ")\n";
    exit_code = 0;
  });
}

}  // namespace vigil::cli
