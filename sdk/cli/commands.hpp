// The `vigil` subcommands. Each add_*_command registers one subcommand on `app`; when it
// runs it stores the process exit code in `exit_code` (0 ok, 2 usage or runtime error;
// commands that find matches document their own codes).
#pragma once

#include <CLI/CLI.hpp>

#include "global_options.hpp"

namespace vigil::cli {

void add_version_command(CLI::App& app, int& exit_code);
void add_plugins_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_hash_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_bank_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_match_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_scan_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_demo_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_report_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_audit_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace vigil::cli
