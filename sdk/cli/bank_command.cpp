// `vigil bank import|add|info|list`: maintain the banks uploads are matched against.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "input_list.hpp"
#include "scan_output.hpp"
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

void print_info(const BankInfo& info, bool json) {
  if (json) {
    std::cout
        << nlohmann::ordered_json{{"name", info.name},         {"version", info.version},
                                  {"source", info.source},     {"created_time", info.created_time},
                                  {"checksum", info.checksum}, {"entry_count", info.entry_count},
                                  {"counts", info.counts},     {"path", info.path.string()}}
               .dump()
        << "\n";
    return;
  }
  std::cout << "bank     " << info.name << "\nversion  " << info.version << "\nsource   "
            << info.source << "\ncreated  " << info.created_time << "\nchecksum " << info.checksum
            << "\nentries  " << info.entry_count << "\n";
  for (const auto& [type, count] : info.counts) {
    std::cout << "  " << std::left << std::setw(8) << type << count << "\n";
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
    const std::string field = item.substr(0, equals);
    const std::string column = item.substr(equals + 1);
    if (field == "type") {
      mapping.type = column;
    } else if (field == "value") {
      mapping.value = column;
    } else if (field == "id") {
      mapping.entry_id = column;
    } else if (field == "category") {
      mapping.category = column;
    } else if (field == "labels") {
      mapping.labels = column;
    } else if (field == "age_band") {
      mapping.age_band = column;
    } else {
      return Status(ErrorCode::invalid_argument,
                    "--map field '" + field +
                        "' (expected type, value, id, category, labels, "
                        "age_band)");
    }
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

int run_import(const BankOptions& options) {
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
  EngineConfig config = hashing_engine_config({{"pdq", "md5", "sha256"}, false});
  config.plugin_path = global.plugin_path;
  auto engine = Engine::create(config);
  if (!engine.ok()) return fail("add", engine.status());
  (void)(*engine)->freeze();
  const std::vector<Input> inputs = expand_inputs(options.paths);
  if (!options.id.empty() && inputs.size() != 1) {
    return fail("add", Status(ErrorCode::invalid_argument, "--id needs exactly one file"));
  }
  ImportBatch batch;
  for (const Input& input : inputs) {
    if (input.is_stdin) return fail("add", Status(ErrorCode::invalid_argument, "- is not a file"));
    auto result = (*engine)->scan_file(input.path);
    if (!result.ok()) return fail("add", result.status().with_context(input.display));
    if (result->signals.empty()) {
      return fail("add", require_signals(*result, {"md5"}).with_context(input.display));
    }
    for (const ScanError& error : result->errors) {
      // A file that is not an image is still added by its digests.
      std::cerr << "vigil bank add: " << input.display << ": " << error.detector << ": "
                << vigil::to_string(error.code) << ": " << error.message
                << "; adding the signals that were computed\n";
    }
    for (const Signal& signal : result->signals) {
      if (signal.type == "pdq" && signal.quality && *signal.quality < 50) {
        std::cerr << "vigil bank add: " << input.display << ": PDQ quality " << *signal.quality
                  << " is below 50; it will not match by default\n";
      }
      BankEntry entry;
      entry.signal_type = signal.type;
      entry.value = signal.value;
      entry.entry_id = options.id.empty() ? input.path.filename().string() : options.id;
      entry.source = options.source.empty() ? "vigil bank add" : options.source;
      batch.entries.push_back(std::move(entry));
    }
  }
  auto info = options.store().apply(options.name, batch, ImportMode::delta,
                                    options.source.empty() ? "vigil bank add" : options.source);
  if (!info.ok()) return fail("add", info.status());
  print_info(*info, options.json);
  return 0;
}

int run_info(const BankOptions& options) {
  auto bank = options.store().open(options.name);
  if (!bank.ok()) return fail("info", bank.status());
  print_info((*bank)->info(), options.json);
  return 0;
}

int run_list(const BankOptions& options) {
  const BankStore store = options.store();
  for (const std::string& name : store.names()) {
    auto bank = store.open(name);
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
  import->callback([&exit_code, options] { exit_code = run_import(*options);
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
add_store_option(list, *options);
list->callback([&exit_code, options] { exit_code = run_list(*options); });
}  // namespace vigil::cli

}  // namespace vigil::cli
