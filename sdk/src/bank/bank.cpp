// Bank: a verified, memory-mapped snapshot and the lookups over it.
#include "vigil/bank.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <tuple>

#include "index/pdq_index.hpp"
#include "mapped_file.hpp"
#include "platform/hex.hpp"
#include "snapshot_format.hpp"
#include "vigil/signal_value.hpp"

namespace vigil {
namespace {

using bank::DigestRecord;
using bank::EntryRecord;
using bank::FileHeader;
using bank::SectionHeader;
using bank::SectionKind;
using bank::StringRef;

constexpr std::array<const char*, 8> kVariantNames = {"orig",  "rot90", "rot180",    "rot270",
                                                      "flipx", "flipy", "flipplus1", "flipminus1"};

Status corrupt(const std::filesystem::path& path, const std::string& what) {
  return Status(ErrorCode::corrupt_data,
                "bank snapshot " + path.string() + " is corrupt or not a snapshot: " + what);
}

template <typename T>
std::span<const T> records_of(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
}

}  // namespace

struct Bank::Impl {
  std::unique_ptr<bank::MappedFile> file;
  BankInfo info;
  std::span<const std::uint8_t> strings;
  std::vector<std::string> type_names;
  std::span<const EntryRecord> entries;
  std::optional<PdqIndex> pdq_index;
  std::span<const std::uint32_t> pdq_entries;
  std::span<const DigestRecord<16>> md5;
  std::span<const DigestRecord<20>> sha1;
  std::span<const DigestRecord<32>> sha256;
  // Entry numbers of the types without a table of their own, sorted by (type, value):
  // mapped from the file, or built at open for a version 1 snapshot.
  std::span<const std::uint32_t> other_entries;
  std::vector<std::uint32_t> other_entries_built;

  std::string_view text(StringRef ref) const {
    return {reinterpret_cast<const char*>(strings.data()) + ref.offset, ref.length};
  }

  Match make_match(std::uint32_t entry, int distance, std::string variant) const {
    const EntryRecord& record = entries[entry];
    Match match;
    match.bank = info.name;
    match.bank_version = info.version_string();
    match.entry_id = text(record.entry_id);
    match.signal_type = type_names[record.type];
    if (match.signal_type != "pdna") match.value = text(record.value);  // pdna is licensed
    match.distance = distance;
    match.variant = std::move(variant);
    return match;
  }

  template <unsigned N>
  void match_digest(std::span<const DigestRecord<N>> table, const std::string& hex,
                    std::vector<Match>& out) const {
    DigestRecord<N> key{};
    if (!platform::hex_decode(hex, std::span<std::uint8_t>(key.digest, N))) return;
    auto less = [](const DigestRecord<N>& a, const DigestRecord<N>& b) {
      return std::memcmp(a.digest, b.digest, N) < 0;
    };
    auto [first, last] = std::equal_range(table.begin(), table.end(), key, less);
    for (auto it = first; it != last; ++it) out.push_back(make_match(it->entry, 0, {}));
  }

  // What other_entries is sorted by.
  std::tuple<std::uint32_t, std::string_view> other_key(std::uint32_t entry) const {
    return {entries[entry].type, text(entries[entry].value)};
  }

  void match_other(const Signal& signal, std::vector<Match>& out) const {
    const auto type = std::find(type_names.begin(), type_names.end(), signal.type);
    if (type == type_names.end()) return;
    // The stored form of the value, as an importer would have stored it.
    const Result<std::string> value = normalize_signal_value(signal.type, signal.value);
    if (!value.ok()) return;
    const std::tuple<std::uint32_t, std::string_view> key{
        static_cast<std::uint32_t>(type - type_names.begin()), *value};
    struct Less {
      const Impl& bank;
      bool operator()(std::uint32_t entry, const decltype(key)& k) const {
        return bank.other_key(entry) < k;
      }
      bool operator()(const decltype(key)& k, std::uint32_t entry) const {
        return k < bank.other_key(entry);
      }
    };
    auto [first, last] =
        std::equal_range(other_entries.begin(), other_entries.end(), key, Less{*this});
    for (auto it = first; it != last; ++it) out.push_back(make_match(*it, 0, {}));
  }

  void match_pdq(const Signal& signal, const MatchOptions& options, std::vector<Match>& out) const {
    if (!pdq_index || pdq_index->size() == 0) return;
    if (signal.quality && *signal.quality < options.pdq_min_quality) return;
    std::vector<Pdq256> variants;
    std::vector<std::string> names;
    for (const char* name : kVariantNames) {
      auto it = signal.attributes.find(name);
      if (it == signal.attributes.end()) continue;
      if (auto hash = Pdq256::from_hex(it->second)) {
        variants.push_back(*hash);
        names.emplace_back(name);
      }
    }
    if (variants.empty()) {
      auto hash = Pdq256::from_hex(signal.value);
      if (!hash) return;
      variants.push_back(*hash);
      names.emplace_back("orig");
    }
    thread_local std::vector<PdqHit> hits;
    hits.clear();
    if (!pdq_index->query(variants, std::clamp(options.pdq_max_distance, 0, 63), hits).ok()) return;
    for (const PdqHit& hit : hits) {
      out.push_back(make_match(pdq_entries[hit.entry], hit.distance, names[hit.variant]));
    }
  }

  Status load_sections(const std::filesystem::path& path);
  Status load_other_entries(const std::filesystem::path& path, std::uint32_t format_version,
                            std::span<const std::uint8_t> section);
};

Status Bank::Impl::load_other_entries(const std::filesystem::path& path,
                                      std::uint32_t format_version,
                                      std::span<const std::uint8_t> section) {
  std::vector<bool> other_type(type_names.size());
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    other_type[i] = bank::in_other_entries(type_names[i]);
  }
  std::size_t expected = 0;
  for (const EntryRecord& record : entries) expected += other_type[record.type] ? 1 : 0;
  auto in_order = [this](std::uint32_t a, std::uint32_t b) {
    return std::tuple_cat(other_key(a), std::tuple(a)) <
           std::tuple_cat(other_key(b), std::tuple(b));
  };
  if (format_version == 1) {
    other_entries_built.reserve(expected);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (other_type[entries[i].type]) other_entries_built.push_back(static_cast<std::uint32_t>(i));
    }
    std::sort(other_entries_built.begin(), other_entries_built.end(), in_order);
    other_entries = other_entries_built;
    return Status::success();
  }
  if (section.size() % sizeof(std::uint32_t) != 0) return corrupt(path, "other entry table size");
  other_entries = records_of<std::uint32_t>(section);
  if (other_entries.size() != expected) return corrupt(path, "other entry count");
  for (std::size_t i = 0; i < other_entries.size(); ++i) {
    const std::uint32_t entry = other_entries[i];
    if (entry >= entries.size() || !other_type[entries[entry].type] ||
        (i > 0 && !in_order(other_entries[i - 1], entry))) {
      return corrupt(path, "other entry table");
    }
  }
  return Status::success();
}

Status Bank::Impl::load_sections(const std::filesystem::path& path) {
  if constexpr (std::endian::native != std::endian::little) {
    return Status(ErrorCode::internal, "bank snapshots need a little-endian machine");
  }
  const std::span<const std::uint8_t> bytes = file->bytes();
  if (bytes.size() < sizeof(FileHeader)) return corrupt(path, "shorter than its header");
  FileHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (std::memcmp(header.magic, bank::kSnapshotMagic, sizeof header.magic) != 0) {
    return corrupt(path, "wrong magic");
  }
  if (header.format_version < bank::kOldestReadableSnapshotFormatVersion ||
      header.format_version > bank::kSnapshotFormatVersion) {
    return corrupt(path, "format version " + std::to_string(header.format_version) +
                             " (this build reads " +
                             std::to_string(bank::kOldestReadableSnapshotFormatVersion) + " to " +
                             std::to_string(bank::kSnapshotFormatVersion) + ")");
  }
  if (header.file_size != bytes.size()) return corrupt(path, "size differs from its header");
  std::uint8_t digest[32];
  unsigned int digest_length = 0;
  EVP_Digest(bytes.data() + sizeof header, bytes.size() - sizeof header, digest, &digest_length,
             EVP_sha256(), nullptr);
  if (std::memcmp(digest, header.payload_sha256, sizeof digest) != 0) {
    return corrupt(path, "checksum mismatch");
  }
  info.checksum += platform::hex_encode(std::span<const std::uint8_t>(digest));

  const std::uint64_t table_end =
      sizeof header + std::uint64_t{header.section_count} * sizeof(SectionHeader);
  if (header.section_count > 64 || table_end > bytes.size()) return corrupt(path, "section table");
  std::map<SectionKind, std::span<const std::uint8_t>> sections;
  for (std::uint32_t i = 0; i < header.section_count; ++i) {
    SectionHeader section;
    std::memcpy(&section, bytes.data() + sizeof header + i * sizeof section, sizeof section);
    if (section.offset % bank::kSectionAlignment != 0 || section.offset > bytes.size() ||
        section.size > bytes.size() - section.offset) {
      return corrupt(path, "section out of bounds");
    }
    sections[section.kind] = bytes.subspan(section.offset, section.size);
  }
  for (SectionKind kind :
       {SectionKind::metadata, SectionKind::type_names, SectionKind::strings, SectionKind::entries,
        SectionKind::pdq_index, SectionKind::pdq_entries, SectionKind::digest_md5,
        SectionKind::digest_sha1, SectionKind::digest_sha256}) {
    if (sections.count(kind) == 0) return corrupt(path, "missing section");
  }
  if (header.format_version >= 2 && sections.count(SectionKind::other_entries) == 0) {
    return corrupt(path, "missing section");
  }

  try {
    auto meta_bytes = sections[SectionKind::metadata];
    auto meta = nlohmann::json::parse(meta_bytes.begin(), meta_bytes.end());
    info.name = meta.at("name").get<std::string>();
    info.version = meta.at("version").get<std::uint64_t>();
    info.source = meta.at("source").get<std::string>();
    info.created_time = meta.at("created_time").get<std::string>();
    info.entry_count = meta.at("entry_count").get<std::uint64_t>();
    info.counts = meta.at("counts").get<std::map<std::string, std::uint64_t>>();
  } catch (const nlohmann::json::exception& e) {
    return corrupt(path, std::string("metadata: ") + e.what());
  }

  auto names = sections[SectionKind::type_names];
  std::string_view names_text(reinterpret_cast<const char*>(names.data()), names.size());
  for (std::size_t start = 0; start < names_text.size();) {
    std::size_t end = names_text.find('\n', start);
    if (end == std::string_view::npos) return corrupt(path, "type names");
    type_names.emplace_back(names_text.substr(start, end - start));
    start = end + 1;
  }
  strings = sections[SectionKind::strings];
  auto entry_bytes = sections[SectionKind::entries];
  if (entry_bytes.size() % sizeof(EntryRecord) != 0) return corrupt(path, "entry table size");
  entries = records_of<EntryRecord>(entry_bytes);
  if (entries.size() != info.entry_count) return corrupt(path, "entry count");
  auto in_pool = [this](StringRef ref) {
    return std::uint64_t{ref.offset} + ref.length <= strings.size();
  };
  for (const EntryRecord& record : entries) {
    if (record.type >= type_names.size() || !in_pool(record.value) || !in_pool(record.entry_id) ||
        !in_pool(record.source) || !in_pool(record.category) || !in_pool(record.labels)) {
      return corrupt(path, "entry record out of bounds");
    }
  }

  auto index = PdqIndex::view(sections[SectionKind::pdq_index]);
  if (!index.ok()) return corrupt(path, "pdq index: " + index.status().message());
  pdq_index.emplace(std::move(index).value());
  auto slots = sections[SectionKind::pdq_entries];
  if (slots.size() % sizeof(std::uint32_t) != 0) return corrupt(path, "pdq entry table size");
  pdq_entries = records_of<std::uint32_t>(slots);
  if (pdq_entries.size() != pdq_index->size()) return corrupt(path, "pdq entry count");
  for (std::uint32_t entry : pdq_entries) {
    if (entry >= entries.size()) return corrupt(path, "pdq entry out of bounds");
  }

  auto digests = [&](SectionKind kind, auto& table) -> bool {
    using Record = typename std::remove_reference_t<decltype(table)>::value_type;
    auto section = sections[kind];
    if (section.size() % sizeof(Record) != 0) return false;
    table = records_of<Record>(section);
    return std::all_of(table.begin(), table.end(),
                       [&](const Record& r) { return r.entry < entries.size(); });
  };
  if (!digests(SectionKind::digest_md5, md5) || !digests(SectionKind::digest_sha1, sha1) ||
      !digests(SectionKind::digest_sha256, sha256)) {
    return corrupt(path, "digest table");
  }
  if (Status other =
          load_other_entries(path, header.format_version, sections[SectionKind::other_entries]);
      !other.ok()) {
    return other;
  }
  info.path = path;
  return Status::success();
}

Bank::Bank() : impl_(std::make_unique<Impl>()) {}
Bank::~Bank() = default;

Result<std::shared_ptr<const Bank>> Bank::open(const std::filesystem::path& snapshot) {
  auto file = bank::MappedFile::open(snapshot);
  if (!file.ok()) return file.status();
  std::shared_ptr<Bank> bank(new Bank());
  bank->impl_->file = std::move(file).value();
  if (Status loaded = bank->impl_->load_sections(snapshot); !loaded.ok()) return loaded;
  return std::shared_ptr<const Bank>(std::move(bank));
}

const BankInfo& Bank::info() const noexcept { return impl_->info; }

void Bank::match(const std::vector<Signal>& signals, const MatchOptions& options,
                 std::vector<Match>& out) const {
  for (const Signal& signal : signals) {
    if (signal.type == "pdq") {
      impl_->match_pdq(signal, options, out);
    } else if (signal.type == "md5") {
      impl_->match_digest(impl_->md5, signal.value, out);
    } else if (signal.type == "sha1") {
      impl_->match_digest(impl_->sha1, signal.value, out);
    } else if (signal.type == "sha256") {
      impl_->match_digest(impl_->sha256, signal.value, out);
    } else {
      impl_->match_other(signal, out);
    }
  }
}

std::vector<BankEntry> Bank::entries() const {
  std::vector<BankEntry> out;
  out.reserve(impl_->entries.size());
  for (const EntryRecord& record : impl_->entries) {
    BankEntry entry;
    entry.signal_type = impl_->type_names[record.type];
    entry.value = impl_->text(record.value);
    entry.entry_id = impl_->text(record.entry_id);
    entry.source = impl_->text(record.source);
    entry.category = impl_->text(record.category);
    const std::string_view labels = impl_->text(record.labels);
    for (std::size_t start = 0; start < labels.size();) {
      std::size_t end = std::min(labels.find('\n', start), labels.size());
      entry.labels.emplace_back(labels.substr(start, end - start));
      start = end + 1;
    }
    entry.added_time = record.added_time;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace vigil
