// `vigil`: the command line front end of the SDK.
#include <cstdio>

#include "commands.hpp"
#include "vigil/logging.hpp"

namespace {

constexpr int kUsageOrRuntimeError = 2;

void apply_logging(const vigil::cli::GlobalOptions& options) {
  vigil::LogOptions log;
  log.level = vigil::log_level_from_string(options.log_level).value_or(vigil::LogLevel::warn);
  log.format = vigil::log_format_from_string(options.log_format).value_or(vigil::LogFormat::text);
  vigil::configure_logging(log);
}

// Every option takes one value per occurrence, so `match --bank a --bank b x.jpg` and
// `match --bank a x.jpg` mean what they say. CLI11 lets a repeatable (vector) option
// swallow every following word, positional arguments included; this turns that off for
// every option of every subcommand, present and future.
void one_value_per_occurrence(CLI::App& app) {
  for (CLI::Option* option : app.get_options([](CLI::Option* o) { return o->nonpositional(); })) {
    option->allow_extra_args(false);
  }
  for (CLI::App* subcommand : app.get_subcommands([](CLI::App*) { return true; })) {
    one_value_per_occurrence(*subcommand);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vigil: hash uploads, match them against hotline lists, report matches"};
  app.require_subcommand(1);
  vigil::cli::GlobalOptions global;
  auto* log_level =
      app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error, off")
          ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
          ->capture_default_str();
  app.add_option("--log-format", global.log_format, "text or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--plugin-path", global.plugin_path,
                 "directory to search for plugins first (repeatable)");
  app.parse_complete_callback([&global, log_level] {
    global.log_level_given = log_level->count() > 0;
    apply_logging(global);
  });

  int exit_code = 0;
  vigil::cli::add_version_command(app, exit_code);
  vigil::cli::add_plugins_command(app, global, exit_code);
  vigil::cli::add_demo_command(app, global, exit_code);
  vigil::cli::add_hash_command(app, global, exit_code);
  vigil::cli::add_bank_command(app, global, exit_code);
  vigil::cli::add_match_command(app, global, exit_code);
  vigil::cli::add_scan_command(app, global, exit_code);
  vigil::cli::add_report_command(app, global, exit_code);
  vigil::cli::add_audit_command(app, global, exit_code);
  one_value_per_occurrence(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kUsageOrRuntimeError;
  }
  return exit_code;
}
