// libFuzzer target for the hash-list importers: the first byte picks the format (byte % 7, in
// ListFormat order) and an options variant (byte / 7 % 2), the rest is the list text handed
// to vigil::parse_list. Built only with clang (see CMakeLists.txt). To fuzz one format only,
// set VIGIL_FUZZ_LIST_FORMAT to its name (e.g. "te-json"): the first byte then only picks
// the options variant.
//
// Besides memory errors and undefined behaviour (ASan/UBSan), it traps when the importer
// breaks its contract (vigil/list_import.hpp):
//   * an error is never ErrorCode::internal (a thrown exception or an importer bug), and
//     always has a message;
//   * every entry has a valid type name, a value already in stored form for that type
//     (normalize_signal_value returns it unchanged), a non-empty entry_id and added_time >= 0;
//   * entries are unique per (entry_id, signal_type);
//   * every removal names an entry_id or a (signal_type, value);
//   * no removal matches an entry of the same batch.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "vigil/list_import.hpp"
#include "vigil/signal_value.hpp"

namespace {

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "list_import_fuzzer: contract violated: %s\n", what);
    std::abort();
  }
}

vigil::ImportOptions options_for(unsigned variant) {
  vigil::ImportOptions options;
  options.source = "fuzz";
  vigil::ColumnMapping& mapping = options.mapping;
  mapping.value = "value";
  mapping.entry_id = variant == 0 ? "id" : "";
  mapping.category = "category";
  mapping.labels = "labels";
  mapping.age_band = "age";
  if (variant == 0) {
    options.default_type = "md5";
    mapping.type = "type";
    mapping.fixed_type = "sha1";  // for empty type cells
    mapping.type_names = {{"MD5", "md5"}, {"PhotoDNA", "pdna"}, {"SHA-256", "sha256"}};
  } else {
    mapping.fixed_type = "pdq";
  }
  return options;
}

void check_batch(const vigil::ImportBatch& batch) {
  std::set<std::pair<std::string, std::string>> keys;
  std::set<std::string> ids;
  std::set<std::pair<std::string, std::string>> signals;
  for (const vigil::BankEntry& entry : batch.entries) {
    require(vigil::is_valid_signal_type_name(entry.signal_type), "valid type name");
    vigil::Result<std::string> normalized =
        vigil::normalize_signal_value(entry.signal_type, entry.value);
    require(normalized.ok() && *normalized == entry.value, "value in stored form");
    require(!entry.entry_id.empty(), "non-empty entry_id");
    require(entry.added_time >= 0, "added_time >= 0");
    require(keys.emplace(entry.entry_id, entry.signal_type).second,
            "unique (entry_id, signal_type)");
    ids.insert(entry.entry_id);
    signals.emplace(entry.signal_type, entry.value);
  }
  for (const vigil::Tombstone& removal : batch.removals) {
    require(!removal.entry_id.empty() || (!removal.signal_type.empty() && !removal.value.empty()),
            "removal names an id or a signal");
    if (!removal.entry_id.empty()) {
      require(ids.count(removal.entry_id) == 0, "no removal matches an entry by id");
    } else {
      require(signals.count({removal.signal_type, removal.value}) == 0,
              "no removal matches an entry by signal");
    }
  }
}

// The format named by VIGIL_FUZZ_LIST_FORMAT, if any (an unknown name aborts).
std::optional<vigil::ListFormat> pinned_format() {
  const char* name = std::getenv("VIGIL_FUZZ_LIST_FORMAT");
  if (name == nullptr || *name == '\0') return std::nullopt;
  const std::optional<vigil::ListFormat> format = vigil::list_format_from_string(name);
  require(format.has_value(), "VIGIL_FUZZ_LIST_FORMAT names a list format");
  return format;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const vigil::ImportOptions kOptions[2] = {options_for(0), options_for(1)};
  static const std::optional<vigil::ListFormat> kPinned = pinned_format();
  const auto format = kPinned.value_or(static_cast<vigil::ListFormat>(data[0] % 7));
  const vigil::ImportOptions& options = kOptions[data[0] / 7 % 2];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  const vigil::Result<vigil::ImportBatch> batch =
      vigil::parse_list(format, text, "fuzz.list", options);
  if (!batch.ok()) {
    require(batch.status().code() != vigil::ErrorCode::internal, "no internal errors");
    require(!batch.status().message().empty(), "errors have a message");
    return 0;
  }
  check_batch(*batch);
  return 0;
}
