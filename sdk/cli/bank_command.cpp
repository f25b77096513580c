// `vigil bank import|add|info|list`: maintain the banks uploads are matched against.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "input_list.hpp"
#include "scan_output.hpp"
#include "signal_type_check.hpp"
#include "vigil/bank_add.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/engine.hpp"
#include "vigil/hashing.hpp"
#include "vigil/list_import.hpp"

namespace vigil::cli {
namespace {

struct BankOptions {
  std::string name;
  std::string bank_dir;
  std::string format;
  bool delta = false;
  bool strict = false;  // refuse types no installed plugin computes, instead of warning
  std::string default_type;
  std::vector<std::string> mappings;    // field=column
  std::vector<std::string> type_names;  // list spelling=signal type
  std::string source;
  std::string id;
  bool json = false;
  std::vector<std::string> paths;

  BankStore store() const {
    return BankStore(bank_dir.empty() ? BankStore::default_directory()
                                      : std::filesystem::path(bank_dir));
  }
};

int fail(const std::string& command, const Status& status) {
  std::cerr << "vigil bank " << command << ": " << status.to_string() << "\n";
  return 2;
}

nlohmann::ordered_json info_json(const BankInfo& info) {
  return {{"name", info.name},         {"version", info.version},
          {"source", info.source},     {"created_time", info.created_time},
          {"checksum", info.checksum}, {"entry_count", info.entry_count},
          {"counts", info.counts},     {"path", info.path.string()}};
}

void print_info(const BankInfo& info, bool json) {
  if (json) {
    std::cout << info_json(info).dump() << "\n";
    return;
  }
  std::cout << "bank     " << info.name << "\nversion  " << info.version << "\nsource   "
            << info.source << "\ncreated  " << info.created_time << "\nchecksum " << info.checksum
            << "\nentries  " << info.entry_count << "\n";
  // The counts in one column, however long a type's name (aspect_class1, ...).
  std::size_t width = 6;
  for (const auto& entry : info.counts) width = std::max(width, entry.first.size());
  for (const auto& [type, count] : info.counts) {
    std::cout << "  " << std::left << std::setw(static_cast<int>(width + 2)) << type << count
              << "\n";
  }
}

Result<ImportOptions> import_options(const BankOptions& options) {
  ImportOptions import;
  import.default_type = options.default_type;
  import.source = options.source;
  ColumnMapping& mapping = import.mapping;
  for (const std::string& item : options.mappings) {
    const auto equals = item.find('=');
    if (equals == std::string::npos) {
      return Status(ErrorCode::invalid_argument, "--map takes FIELD=COLUMN, got '" + item + "'");
    }
    Status set = set_mapped_column(mapping, item.substr(0, equals), item.substr(equals + 1));
    if (!set.ok()) return set.with_context("--map");
  }
  for (const std::string& item : options.type_names) {
    const auto equals = item.find('=');
    if (equals == std::string::npos) {
      return Status(ErrorCode::invalid_argument,
                    "--type-name takes SPELLING=TYPE (e.g. SHA-1=sha1), got '" + item + "'");
    }
    mapping.type_names[item.substr(0, equals)] = item.substr(equals + 1);
  }
  if (!options.default_type.empty()) mapping.fixed_type = options.default_type;
  return import;
}

int run_import(const GlobalOptions& global, const BankOptions& options) {
  auto format = list_format_from_string(options.format);
  if (!format) {
    return fail("import",
                Status(ErrorCode::invalid_argument, "unknown --format '" + options.format + "'"));
  }
  auto import = import_options(options);
  if (!import.ok()) return fail("import", import.status());
  // Every file is read and validated before the bank changes at all; then the files are
  // applied in the order given (page 2 may delete or update what page 1 added), as one
  // new version.
  std::vector<ImportBatch> batches;
  std::size_t imported = 0;
  std::size_t removals = 0;
  std::string files;
  for (const std::string& path : options.paths) {
    auto batch = import_list_file(*format, path, *import);
    if (!batch.ok()) return fail("import", batch.status());
    imported += batch->entries.size();
    removals += batch->removals.size();
    batches.push_back(std::move(batch).value());
    files += (files.empty() ? "" : " ") + std::filesystem::path(path).filename().string();
  }
  // A type no plugin computes is usually a typo ("pqd") or a missing plugin ("pdna"):
  // such entries would sit in the bank and never match.
  const UndeclaredTypes undeclared = undeclared_signal_types(batches, global.plugin_path);
  if (!undeclared.entries_by_type.empty()) {
    if (options.strict) {
      std::cerr << "vigil bank import: invalid_argument: the list has entries no plugin can "
                   "match (--strict; the bank is unchanged):\n"
                << describe(undeclared);
      return 2;
    }
    std::cerr << "vigil bank import: warning: the list has entries no plugin can match:\n"
              << describe(undeclared);
  }
  const ImportMode mode =
      is_feed_format(*format) || options.delta ? ImportMode::delta : ImportMode::replace;
  const std::string source =
      options.source.empty() ? std::string(to_string(*format)) + ": " + files : options.source;
  auto info = options.store().apply_sequence(options.name, batches, mode, source);
  if (!info.ok()) return fail("import", info.status());
  std::cerr << "bank '" << info->name << "' version " << info->version << ": " << info->entry_count
            << " entries (" << imported << " imported, " << removals << " removals, "
            << (mode == ImportMode::delta ? "delta" : "replace") << ")\n";
  print_info(*info, options.json);
  return 0;
}

// Hashes media files into a bank (a delta): entry id = the file name, or --id.
int run_add(const GlobalOptions& global, const BankOptions& options) {
  std::vector<std::filesystem::path> paths;
  for (const std::string& path : options.paths) {
    if (path == "-") return fail("add", Status(ErrorCode::invalid_argument, "- is not a file"));
    paths.emplace_back(path);
  }
  AddMediaOptions add;
  add.entry_id = options.id;
  add.source = options.source;
  add.plugin_path = global.plugin_path;
  BankStore store = options.store();
  auto added = add_media(store, options.name, paths, add);
  if (!added.ok()) return fail("add", added.status());
  for (const AddMediaNotice& notice : added->notices) {
    std::cerr << "vigil bank add: " << notice.path.string() << ": " << notice.message << "\n";
  }
  print_info(added->info, options.json);
  return 0;
}

int run_info(const BankOptions& options) {
  auto bank = options.store().open(options.name);
  if (!bank.ok()) return fail("info", bank.status());
  print_info((*bank)->info(), options.json);
  return 0;
}

// One line per bank; with --json, one object per bank per line: what `bank info --json`
// prints, or {"name", "error": {"code", "message"}} for a bank that does not open.
int run_list(const BankOptions& options) {
  const BankStore store = options.store();
  for (const std::string& name : store.names()) {
    auto bank = store.open(name);
    if (options.json) {
      const nlohmann::ordered_json line =
          bank.ok() ? info_json((*bank)->info())
                    : nlohmann::ordered_json{{"name", name},
                                             {"error",
                                              {{"code", to_string(bank.status().code())},
                                               {"message", bank.status().message()}}}};
      std::cout << line.dump() << "\n";
      continue;
    }
    if (!bank.ok()) {
      std::cout << name << "  ERROR " << bank.status().to_string() << "\n";
      continue;
    }
    std::cout << std::left << std::setw(24) << name << " version " << (*bank)->info().version
              << "  " << (*bank)->info().entry_count << " entries\n";
  }
  return 0;
}

void add_store_option(CLI::App* command, BankOptions& options) {
  command->add_option("--bank-dir", options.bank_dir,
                      "bank directory (default: $VIGIL_BANK_DIR, else the per-user data "
                      "directory)");
}

}  // namespace

void add_bank_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<BankOptions>();
  auto* bank = app.add_subcommand("bank", "import hash lists into banks and inspect them");
  bank->require_subcommand(1);

  auto* import = bank->add_subcommand(
      "import", "import hash list files as a new bank version (all files or nothing)");
  import->add_option("--name,-n", options->name, "bank name")->required();
  import
      ->add_option("--format,-f", options->format,
                   "lines, signal-csv, mapped-csv, mapped-json, ncmec-xml, te-json, "
                   "stopncii-json")
      ->required();
  import->add_flag("--delta", options->delta,
                   "update the current version instead of replacing it (feeds always do)");
  import->add_option("--type", options->default_type,
                     "signal type of bare values (lines) or of every row (mapped formats)");
  import->add_option("--map", options->mappings,
                     "FIELD=COLUMN for mapped formats; fields: type, value, id, category, "
                     "labels, age_band");
  import->add_option("--type-name", options->type_names,
                     "SPELLING=TYPE: how the list's type column spells a signal type, e.g. "
                     "SHA-1=sha1 (repeatable)");
  import->add_option("--source", options->source, "who supplied the list (kept in the bank)");
  import->add_flag("--json", options->json, "print the new version's info as JSON");
  import->add_option("files", options->paths, "list files")->required();
  add_store_option(import, *options);
  import->add_flag("--strict", options->strict,
                   "refuse a list with signal types no installed detector plugin computes "
                   "(default: import them with a warning)");
  import->callback([&global, &exit_code, options] { exit_code = run_import(global, *options);
});

auto* add = bank->add_subcommand("add", "hash media files straight into a bank");
add->add_option("--name,-n", options->name, "bank name")->required();
add->add_option("--id", options->id, "entry id (one file only; default: the file name)");
add->add_option("--source", options->source, "who supplied the media");
add->add_flag("--json", options->json, "print the new version's info as JSON");
add->add_option("paths", options->paths, "media files or directories")->required();
add_store_option(add, *options);
add->callback([&global, &exit_code, options] { exit_code = run_add(global, *options); });

auto* info = bank->add_subcommand("info", "counts per signal type, version, source, checksum");
info->add_option("name", options->name, "bank name")->required();
info->add_flag("--json", options->json, "print JSON");
add_store_option(info, *options);
info->callback([&exit_code, options] { exit_code = run_info(*options); });

auto* list = bank->add_subcommand("list", "the banks in the bank directory");
list->add_flag("--json", options->json, "print one JSON object per bank per line");
add_store_option(list, *options);
list->callback([&exit_code, options] { exit_code = run_list(*options); });
}  // namespace vigil::cli

}  // namespace vigil::cli
