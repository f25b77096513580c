// Bank snapshots of format version 1 (written before signal types other than pdq, md5,
// sha1 and sha256 were matched) keep serving after an upgrade, and match every type.
#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bank/snapshot_format.hpp"  // the layout being tested; internal to libvigil
#include "vigil/bank_store.hpp"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using bank::FileHeader;
using bank::SectionHeader;
using bank::SectionKind;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("vigil-compat-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

BankEntry entry(const std::string& type, const std::string& value, const std::string& id) {
  BankEntry e;
  e.signal_type = type;
  e.value = value;
  e.entry_id = id;
  e.source = "test";
  return e;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

FileHeader header_of(const std::string& bytes) {
  FileHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  return header;
}

// What the version 1 writer wrote for the same entries: the same sections in the same
// places, without other_entries (always the last section), and version 1 in the header.
std::string as_version_1(std::string bytes) {
  FileHeader header = header_of(bytes);
  std::vector<SectionHeader> sections(header.section_count);
  std::memcpy(sections.data(), bytes.data() + sizeof header,
              sections.size() * sizeof(SectionHeader));
  EXPECT_EQ(sections.back().kind, SectionKind::other_entries);
  const std::uint64_t end = sections.back().offset;
  sections.pop_back();
  std::memset(bytes.data() + sizeof header, 0, (sections.size() + 1) * sizeof(SectionHeader));
  std::memcpy(bytes.data() + sizeof header, sections.data(),
              sections.size() * sizeof(SectionHeader));
  bytes.resize(end);
  header.format_version = 1;
  header.section_count = static_cast<std::uint32_t>(sections.size());
  header.file_size = bytes.size();
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()) + sizeof header,
         bytes.size() - sizeof header, header.payload_sha256);
  std::memcpy(bytes.data(), &header, sizeof header);
  return bytes;
}

std::vector<Match> match(const Bank& bank, const std::string& type, const std::string& value) {
  std::vector<Match> out;
  bank.match({{type, value, 100, {}}}, {}, out);
  return out;
}

TEST(SnapshotFormat, NewSnapshotsAreVersion2) {
  TempDir dir;
  BankStore store(dir.path());
  auto info = store.apply("b", {{entry("brightness", "50", "grey")}, {}}, ImportMode::replace, "");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(header_of(read_file(info->path)).format_version, 2u);
}

TEST(SnapshotFormat, Version1SnapshotsAreReadAndMatchEveryType) {
  TempDir dir;
  BankStore store(dir.path());
  const std::string md5(32, 'a');
  const std::string pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  auto info = store.apply("b",
                          {{entry("md5", md5, "m"), entry("brightness", "50", "grey"),
                            entry("pdq", pdq, "p"), entry("tlsh", "T1ABC", "t"),
                            entry("brightness", "50", "grey-2"), entry("brightness", "9", "dark")},
                           {}},
                          ImportMode::replace, "");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  const fs::path v1 = dir.path() / "v1.vbank";
  std::ofstream(v1, std::ios::binary) << as_version_1(read_file(info->path));

  auto bank = Bank::open(v1);
  ASSERT_TRUE(bank.ok()) << bank.status().to_string();
  EXPECT_EQ((*bank)->info().entry_count, 6u);
  EXPECT_EQ(match(**bank, "brightness", "50").size(), 2u);
  EXPECT_EQ(match(**bank, "brightness", "9").at(0).entry_id, "dark");
  EXPECT_TRUE(match(**bank, "brightness", "8").empty());
  EXPECT_EQ(match(**bank, "tlsh", "T1ABC").at(0).entry_id, "t");
  EXPECT_EQ(match(**bank, "md5", md5).at(0).entry_id, "m");
  EXPECT_EQ(match(**bank, "pdq", pdq).at(0).entry_id, "p");

  // A bank whose version in service is a version 1 snapshot keeps serving, and its next
  // import is written as version 2.
  fs::rename(v1, info->path);
  auto served = store.open("b");
  ASSERT_TRUE(served.ok()) << served.status().to_string();
  EXPECT_EQ(match(**served, "brightness", "50").size(), 2u);
  auto next = store.apply("b", {{entry("brightness", "70", "light")}, {}}, ImportMode::delta, "");
  ASSERT_TRUE(next.ok()) << next.status().to_string();
  EXPECT_EQ(next->entry_count, 7u);
  EXPECT_EQ(header_of(read_file(next->path)).format_version, 2u);
}

TEST(SnapshotFormat, AVersionFromTheFutureIsRefusedByNumber) {
  TempDir dir;
  BankStore store(dir.path());
  auto info =
      store.apply("b", {{entry("md5", std::string(32, 'b'), "m")}, {}}, ImportMode::replace, "");
  ASSERT_TRUE(info.ok());
  std::string bytes = read_file(info->path);
  FileHeader header = header_of(bytes);
  header.format_version = 3;
  std::memcpy(bytes.data(), &header, sizeof header);
  std::ofstream(dir.path() / "v3.vbank", std::ios::binary) << bytes;
  auto refused = Bank::open(dir.path() / "v3.vbank");
  EXPECT_EQ(refused.status().code(), ErrorCode::corrupt_data);
  EXPECT_NE(refused.status().message().find("format version 3 (this build reads 1 to 2)"),
            std::string::npos)
      << refused.status().message();
}

}  // namespace
}  // namespace vigil
