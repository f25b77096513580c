#include "snapshot_writer.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <tuple>

#include "index/pdq_index.hpp"
#include "platform/durable_file.hpp"
#include "platform/hex.hpp"
#include "snapshot_format.hpp"
#include "vigil/signal_value.hpp"

namespace vigil::bank {
namespace {

// Accumulates the string pool. Fields that repeat across entries (source, category,
// labels) are stored once each; values and ids, nearly always unique, are appended
// without the lookup, which would dominate import time on large banks.
class StringPool {
 public:
  Result<StringRef> add(const std::string& text, bool shared = true) {
    if (shared) {
      auto found = offsets_.find(text);
      if (found != offsets_.end()) return StringRef{found->second, length(text)};
    }
    if (bytes_.size() + text.size() > UINT32_MAX) {
      return Status(ErrorCode::too_large, "bank strings exceed the snapshot format's 4 GiB");
    }
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    bytes_.insert(bytes_.end(), text.begin(), text.end());
    if (shared) offsets_.emplace(text, offset);
    return StringRef{offset, length(text)};
  }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  static std::uint32_t length(const std::string& text) {
    return static_cast<std::uint32_t>(text.size());
  }
  std::vector<std::uint8_t> bytes_;
  std::map<std::string, std::uint32_t> offsets_;
};

template <typename T>
std::vector<std::uint8_t> as_bytes(const std::vector<T>& items) {
  std::vector<std::uint8_t> bytes(items.size() * sizeof(T));
  if (!items.empty()) std::memcpy(bytes.data(), items.data(), bytes.size());
  return bytes;
}

template <unsigned N>
std::vector<std::uint8_t> digest_table(const std::vector<BankEntry>& entries,
                                       const std::string& type) {
  std::vector<DigestRecord<N>> records;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].signal_type != type) continue;
    DigestRecord<N> record{};
    platform::hex_decode(entries[i].value, std::span<std::uint8_t>(record.digest, N));
    record.entry = static_cast<std::uint32_t>(i);
    records.push_back(record);
  }
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    const int order = std::memcmp(a.digest, b.digest, N);
    return order != 0 ? order < 0 : a.entry < b.entry;
  });
  return as_bytes(records);
}

// Entry numbers of the types without a table of their own, in lookup order.
std::vector<std::uint8_t> other_entries_table(const std::vector<BankEntry>& entries,
                                              const std::vector<EntryRecord>& records) {
  std::vector<std::uint32_t> numbers;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (in_other_entries(entries[i].signal_type)) numbers.push_back(static_cast<std::uint32_t>(i));
  }
  std::sort(numbers.begin(), numbers.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(records[a].type, entries[a].value, a) <
           std::tie(records[b].type, entries[b].value, b);
  });
  return as_bytes(numbers);
}

std::string join_labels(const std::vector<std::string>& labels) {
  std::string joined;
  for (const auto& label : labels) {
    if (!joined.empty()) joined += '\n';
    joined += label;
  }
  return joined;
}

struct Section {
  SectionKind kind;
  std::vector<std::uint8_t> bytes;
};

std::uint64_t align(std::uint64_t offset) {
  return (offset + kSectionAlignment - 1) / kSectionAlignment * kSectionAlignment;
}

// Lays the sections out after the header and section table; returns the whole file.
std::vector<std::uint8_t> assemble(std::vector<Section>& sections) {
  std::vector<SectionHeader> table(sections.size());
  std::uint64_t offset = align(sizeof(FileHeader) + sections.size() * sizeof(SectionHeader));
  for (std::size_t i = 0; i < sections.size(); ++i) {
    table[i] = {sections[i].kind, 0, offset, sections[i].bytes.size()};
    offset = align(offset + sections[i].bytes.size());
  }
  std::vector<std::uint8_t> file(offset, 0);
  FileHeader header{};
  std::memcpy(header.magic, kSnapshotMagic, sizeof header.magic);
  header.format_version = kSnapshotFormatVersion;
  header.section_count = static_cast<std::uint32_t>(sections.size());
  header.file_size = file.size();
  std::memcpy(file.data() + sizeof(FileHeader), table.data(), table.size() * sizeof(SectionHeader));
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (!sections[i].bytes.empty()) {
      std::memcpy(file.data() + table[i].offset, sections[i].bytes.data(),
                  sections[i].bytes.size());
    }
  }
  unsigned int digest_length = 0;
  EVP_Digest(file.data() + sizeof(FileHeader), file.size() - sizeof(FileHeader),
             header.payload_sha256, &digest_length, EVP_sha256(), nullptr);
  std::memcpy(file.data(), &header, sizeof header);
  return file;
}

}  // namespace

Status write_snapshot(platform::FileSystem& file_system, const std::filesystem::path& path,
                      const SnapshotMetadata& metadata, const std::vector<BankEntry>& entries) {
  if (entries.size() > UINT32_MAX) return Status(ErrorCode::too_large, "more than 2^32 entries");
  StringPool pool;
  std::vector<std::string> type_names;
  std::map<std::string, std::uint32_t> type_numbers;
  std::map<std::string, std::uint64_t> counts;
  std::vector<EntryRecord> records;
  records.reserve(entries.size());
  std::vector<Pdq256> pdq_hashes;
  std::vector<std::uint32_t> pdq_entries;

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const BankEntry& entry = entries[i];
    auto normalized = normalize_signal_value(entry.signal_type, entry.value);
    if (!normalized.ok() || *normalized != entry.value) {
      return Status(ErrorCode::malformed_list, "entry '" + entry.entry_id + "' (" +
                                                   entry.signal_type +
                                                   "): value is not in normalized form");
    }
    auto [type, inserted] =
        type_numbers.emplace(entry.signal_type, static_cast<std::uint32_t>(type_names.size()));
    if (inserted) type_names.push_back(entry.signal_type);
    ++counts[entry.signal_type];

    EntryRecord record{};
    record.type = type->second;
    record.added_time = entry.added_time;
    for (auto [field, text, shared] : {std::tuple{&record.value, &entry.value, false},
                                       {&record.entry_id, &entry.entry_id, false},
                                       {&record.source, &entry.source, true},
                                       {&record.category, &entry.category, true}}) {
      auto ref = pool.add(*text, shared);
      if (!ref.ok()) return ref.status();
      *field = *ref;
    }
    auto labels = pool.add(join_labels(entry.labels));
    if (!labels.ok()) return labels.status();
    record.labels = *labels;
    records.push_back(record);

    if (entry.signal_type == "pdq") {
      pdq_hashes.push_back(*Pdq256::from_hex(entry.value));
      pdq_entries.push_back(static_cast<std::uint32_t>(i));
    }
  }

  nlohmann::json meta = {{"name", metadata.name},         {"version", metadata.version},
                         {"source", metadata.source},     {"created_time", metadata.created_time},
                         {"entry_count", entries.size()}, {"counts", counts}};
  std::string names;
  for (const auto& name : type_names) names += name + "\n";
  const std::string meta_text = meta.dump();

  std::vector<Section> sections;
  sections.push_back({SectionKind::metadata, {meta_text.begin(), meta_text.end()}});
  sections.push_back({SectionKind::type_names, {names.begin(), names.end()}});
  sections.push_back({SectionKind::strings, pool.bytes()});
  sections.push_back({SectionKind::entries, as_bytes(records)});
  const Result<PdqIndex> pdq_index = PdqIndex::build(std::move(pdq_hashes));
  if (!pdq_index.ok()) return pdq_index.status();
  const std::span<const std::uint8_t> pdq_image = pdq_index->image();
  sections.push_back({SectionKind::pdq_index, {pdq_image.begin(), pdq_image.end()}});
  sections.push_back({SectionKind::pdq_entries, as_bytes(pdq_entries)});
  sections.push_back({SectionKind::digest_md5, digest_table<16>(entries, "md5")});
  sections.push_back({SectionKind::digest_sha1, digest_table<20>(entries, "sha1")});
  sections.push_back({SectionKind::digest_sha256, digest_table<32>(entries, "sha256")});
  sections.push_back({SectionKind::other_entries, other_entries_table(entries, records)});
  const std::vector<std::uint8_t> file = assemble(sections);
  return platform::replace_file_durably(
      file_system, path, std::string_view(reinterpret_cast<const char*>(file.data()), file.size()));
}

}  // namespace vigil::bank
