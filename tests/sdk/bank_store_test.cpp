// Banks are written as verified snapshots, versioned, and never half-applied.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <span>

#include "bank_test_support.hpp"
#include "log_capture.hpp"
#include "vigil/bank_store.hpp"

namespace vigil {
namespace {

using testing::entry;
using testing::flip_bits;
using testing::random_hex;

std::vector<Match> match_one(const Bank& bank, const Signal& signal, MatchOptions options = {}) {
  std::vector<Match> out;
  bank.match({signal}, options, out);
  return out;
}

TEST(BankStore, WritesVersionsAndMatchesExactAndPerceptualSignals) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string pdq = random_hex(1, 64);
  const std::string md5 = random_hex(2, 32);
  ImportBatch batch{{entry("pdq", pdq, "img-1", "A"), entry("md5", md5, "img-1", "A"),
                     entry("sha256", random_hex(3, 64), "img-2")},
                    {}};
  auto info = store.apply("ncmec", batch, ImportMode::replace, "unit test");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->version, 1u);
  EXPECT_EQ(info->entry_count, 3u);
  EXPECT_EQ(info->counts.at("pdq"), 1u);
  EXPECT_EQ(info->source, "unit test");
  EXPECT_EQ(info->checksum.size(), 64u);
  EXPECT_EQ(store.names(), std::vector<std::string>{"ncmec"});

  auto bank = store.open("ncmec");
  ASSERT_TRUE(bank.ok()) << bank.status().to_string();
  auto exact = match_one(**bank, {"md5", md5, {}, {}});
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].entry_id, "img-1");
  EXPECT_EQ(exact[0].bank, "ncmec");
  EXPECT_EQ(exact[0].bank_version, "1");
  EXPECT_EQ(exact[0].value, md5);
  // A SHA-256 is 64 hex digits like a PDQ hash: types never mix.
  EXPECT_TRUE(match_one(**bank, {"sha256", pdq, {}, {}}).empty());

  auto near = match_one(**bank, {"pdq", flip_bits(pdq, 9), 100, {}});
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0].distance, 9);
  EXPECT_EQ(near[0].variant, "orig");
  EXPECT_TRUE(match_one(**bank, {"pdq", flip_bits(pdq, 32), 100, {}}).empty());
  EXPECT_EQ(match_one(**bank, {"pdq", flip_bits(pdq, 32), 100, {}}, {40, 50}).size(), 1u);
  // Low-quality hashes are not matched by default.
  EXPECT_TRUE(match_one(**bank, {"pdq", pdq, 49, {}}).empty());

  // Dihedral variants: the one that matches is reported.
  Signal rotated{"pdq", random_hex(9, 64), 100, {{"orig", random_hex(9, 64)}, {"rot90", pdq}}};
  auto variant = match_one(**bank, rotated);
  ASSERT_EQ(variant.size(), 1u);
  EXPECT_EQ(variant[0].variant, "rot90");
  EXPECT_EQ(variant[0].distance, 0);
}

TEST(BankStore, DeltasUpdateAndRemoveAndEachImportIsANewVersion) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string a = random_hex(10, 32), b = random_hex(11, 32), c = random_hex(12, 32);
  ASSERT_TRUE(store
                  .apply("iwf", {{entry("md5", a, "a"), entry("md5", b, "b")}, {}},
                         ImportMode::replace, "v1")
                  .ok());
  // Update b's value, add c, remove a by id.
  auto v2 = store.apply("iwf", {{entry("md5", c, "b"), entry("md5", a, "c")}, {{"a", "", ""}}},
                        ImportMode::delta, "v2");
  ASSERT_TRUE(v2.ok()) << v2.status().to_string();
  EXPECT_EQ(v2->version, 2u);
  auto entries = (*store.open("iwf"))->entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].entry_id, "b");
  EXPECT_EQ(entries[0].value, c);
  EXPECT_EQ(entries[1].entry_id, "c");

  // Remove by (type, value) when the feed gives no id.
  auto v3 = store.apply("iwf", {{}, {{"", "md5", c}}}, ImportMode::delta, "v3");
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ((*store.open("iwf"))->entries().size(), 1u);
  // Replace ignores what was there.
  auto v4 = store.apply("iwf", {{entry("md5", b, "z")}, {}}, ImportMode::replace, "v4");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->version, 4u);
  EXPECT_EQ((*store.open("iwf"))->entries().at(0).entry_id, "z");
}

TEST(BankStore, AFailedImportLeavesThePreviousVersionServing) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string good = random_hex(20, 32);
  ASSERT_TRUE(store.apply("b", {{entry("md5", good, "g")}, {}}, ImportMode::replace, "v1").ok());
  const auto before = *store.current_snapshot("b");

  auto bad_value =
      store.apply("b", {{entry("md5", random_hex(21, 64), "x")}, {}}, ImportMode::replace, "v2");
  EXPECT_EQ(bad_value.status().code(), ErrorCode::malformed_list);
  auto conflict = store.apply(
      "b", {{entry("md5", random_hex(22, 32), "x"), entry("md5", random_hex(23, 32), "x")}, {}},
      ImportMode::replace, "v2");
  EXPECT_EQ(conflict.status().code(), ErrorCode::malformed_list);
  EXPECT_NE(conflict.status().message().find("'x' has two md5 values"), std::string::npos);

  EXPECT_EQ(*store.current_snapshot("b"), before);
  auto bank = store.open("b");
  ASSERT_TRUE(bank.ok());
  EXPECT_EQ((*bank)->info().version, 1u);
  EXPECT_EQ((*bank)->entries().at(0).value, good);
  EXPECT_EQ(store.apply("../evil", {}, ImportMode::replace, "").status().code(),
            ErrorCode::invalid_argument);
}

TEST(BankStore, DuplicatesWithinAnImportAreKeptOnce) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string value = random_hex(30, 40);
  auto info = store.apply("d", {{entry("sha1", value, "same"), entry("sha1", value, "same")}, {}},
                          ImportMode::replace, "");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->entry_count, 1u);
}

TEST(Bank, RefusesCorruptOrForeignSnapshots) {
  testing::TempDir dir;
  BankStore store(dir.path());
  ASSERT_TRUE(
      store.apply("c", {{entry("pdq", random_hex(40, 64), "p")}, {}}, ImportMode::replace, "")
          .ok());
  const auto path = *store.current_snapshot("c");
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir.path() / name, std::ios::binary) << content;
    return Bank::open(dir.path() / name);
  };
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x40;
  auto corrupt = write("flipped.vbank", flipped);
  EXPECT_EQ(corrupt.status().code(), ErrorCode::corrupt_data);
  EXPECT_NE(corrupt.status().message().find("checksum mismatch"), std::string::npos);
  EXPECT_EQ(write("short.vbank", bytes.substr(0, bytes.size() - 7)).status().code(),
            ErrorCode::corrupt_data);
  EXPECT_EQ(write("tiny.vbank", "VIGIL").status().code(), ErrorCode::corrupt_data);
  EXPECT_NE(write("foreign.vbank", std::string(4096, 'x')).status().message().find("wrong magic"),
            std::string::npos);
  EXPECT_EQ(Bank::open(dir.path() / "missing.vbank").status().code(), ErrorCode::not_found);
}

// Signal types other than pdq/md5/sha1/sha256 (a plugin's own, ThreatExchange's tlsh...)
// used to be stored and never matched.
TEST(Bank, MatchesEveryOtherSignalTypeExactly) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string tlsh = "T1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F80912";
  ImportBatch batch{{entry("brightness", "50", "grey"), entry("brightness", "50", "grey-again"),
                     entry("brightness", "7", "dark"), entry("tlsh", tlsh, "t-1"),
                     entry("video_md5", "clip-0001", "v-1"), entry("pdna", "1,2,3,4", "p-1"),
                     entry("md5", random_hex(50, 32), "m-1")},
                    {}};
  auto info = store.apply("other", batch, ImportMode::replace, "");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  auto bank = store.open("other");
  ASSERT_TRUE(bank.ok()) << bank.status().to_string();

  auto grey = match_one(**bank, {"brightness", "50", {}, {}});
  ASSERT_EQ(grey.size(), 2u);  // every entry holding the value
  std::set<std::string> ids;
  for (const Match& match : grey) {
    ids.insert(match.entry_id);
    EXPECT_EQ(match.bank, "other");
    EXPECT_EQ(match.bank_version, "1");
    EXPECT_EQ(match.signal_type, "brightness");
    EXPECT_EQ(match.value, "50");
    EXPECT_EQ(match.distance, 0);
    EXPECT_EQ(match.variant, "");  // an exact match has no dihedral variant
  }
  EXPECT_EQ(ids, (std::set<std::string>{"grey", "grey-again"}));
  EXPECT_EQ(match_one(**bank, {"brightness", "7", {}, {}}).at(0).entry_id, "dark");
  EXPECT_TRUE(match_one(**bank, {"brightness", "51", {}, {}}).empty());
  EXPECT_TRUE(match_one(**bank, {"brightness", "5", {}, {}}).empty());  // no prefix matching
  // Compared in stored form: surrounding whitespace goes, as it does on import...
  EXPECT_EQ(match_one(**bank, {"brightness", " 50\n", {}, {}}).size(), 2u);
  // ...but the value is otherwise byte for byte (tlsh is not hex-lowercased like md5).
  EXPECT_EQ(match_one(**bank, {"tlsh", tlsh, {}, {}}).at(0).entry_id, "t-1");
  std::string lower = tlsh;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(match_one(**bank, {"tlsh", lower, {}, {}}).empty());
  // Types never mix: the same value under another type is not a match.
  EXPECT_TRUE(match_one(**bank, {"contrast", "50", {}, {}}).empty());
  EXPECT_TRUE(match_one(**bank, {"tlsh", "50", {}, {}}).empty());
  EXPECT_EQ(match_one(**bank, {"video_md5", "clip-0001", {}, {}}).at(0).entry_id, "v-1");
  // PhotoDNA matches exactly too, and its licensed value is never copied into the match.
  auto pdna = match_one(**bank, {"pdna", "1,2,3,4", {}, {}});
  ASSERT_EQ(pdna.size(), 1u);
  EXPECT_EQ(pdna[0].entry_id, "p-1");
  EXPECT_TRUE(pdna[0].value.empty());
  // Several signals at once, as a scan hands them over.
  std::vector<Match> out;
  (*bank)->match({{"brightness", "7", {}, {}}, {"tlsh", tlsh, {}, {}}, {"sha1", "x", {}, {}}}, {},
                 out);
  EXPECT_EQ(out.size(), 2u);
}

// ---- One import of several files: applied in order, into one version -------------------

std::vector<std::string> ids_of(const BankStore& store, const std::string& name) {
  std::vector<std::string> ids;
  auto bank = store.open(name);
  EXPECT_TRUE(bank.ok()) << bank.status().to_string();
  if (!bank.ok()) return ids;
  for (const BankEntry& e : (*bank)->entries()) ids.push_back(e.entry_id + ":" + e.value);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Tombstone removal_of(const std::string& id) { return {id, "", ""}; }

TEST(BankStore, AFileThatDeletesWhatAnEarlierFileAddedLeavesItDeleted) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string kept = random_hex(60, 32), gone = random_hex(61, 32);
  const std::vector<ImportBatch> pages{
      {{entry("md5", kept, "kept"), entry("md5", gone, "gone")}, {}},
      {{}, {removal_of("gone")}},
  };
  auto info = store.apply_sequence("feed", pages, ImportMode::delta, "two pages");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->version, 1u);  // one version for the whole delivery
  EXPECT_EQ(ids_of(store, "feed"), std::vector<std::string>{"kept:" + kept});
  std::vector<Match> out;
  (*store.open("feed"))->match({{"md5", gone, {}, {}}}, {}, out);
  EXPECT_TRUE(out.empty());
}

TEST(BankStore, AFileMayReAddWhatAnEarlierFileDeleted) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string value = random_hex(62, 32);
  ASSERT_TRUE(store.apply("feed", {{entry("md5", value, "e")}, {}}, ImportMode::delta, "").ok());
  const std::vector<ImportBatch> pages{
      {{}, {removal_of("e")}},
      {{entry("md5", value, "e")}, {}},
  };
  auto info = store.apply_sequence("feed", pages, ImportMode::delta, "");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->version, 2u);
  EXPECT_EQ(ids_of(store, "feed"), std::vector<std::string>{"e:" + value});
  // And by (type, value), as StopNCII withdraws hashes.
  const std::vector<ImportBatch> by_value{
      {{}, {{"", "md5", value}}},
      {{entry("md5", value, value)}, {}},
      {{}, {{"", "md5", random_hex(63, 32)}}},
  };
  ASSERT_TRUE(store.apply_sequence("feed", by_value, ImportMode::delta, "").ok());
  EXPECT_EQ(ids_of(store, "feed"), std::vector<std::string>{value + ":" + value});
}

TEST(BankStore, ALaterFileUpdatesAnEntryAnEarlierFileGave) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string first = random_hex(64, 32), second = random_hex(65, 32);
  const std::string other = random_hex(66, 40);
  const std::vector<ImportBatch> pages{
      {{entry("md5", first, "img-9"), entry("sha1", other, "img-9")}, {}},
      {{entry("md5", second, "img-9", "B")}, {}},
  };
  auto info = store.apply_sequence("feed", pages, ImportMode::delta, "");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(ids_of(store, "feed"), (std::vector<std::string>{"img-9:" + other, "img-9:" + second}));
  EXPECT_EQ((*store.open("feed"))->entries().at(0).category, "B");  // updated in place

  // In replace mode the files together are the whole list: the same rules, from empty.
  const std::vector<ImportBatch> files{
      {{entry("md5", first, "a"), entry("md5", second, "b")}, {}},
      {{entry("md5", other.substr(0, 32), "b")}, {removal_of("a")}},
  };
  auto replaced = store.apply_sequence("feed", files, ImportMode::replace, "");
  ASSERT_TRUE(replaced.ok()) << replaced.status().to_string();
  EXPECT_EQ(ids_of(store, "feed"), std::vector<std::string>{"b:" + other.substr(0, 32)});
}

TEST(BankStore, AnyRefusedFileLeavesThePreviousVersionServing) {
  testing::TempDir dir;
  BankStore store(dir.path());
  const std::string value = random_hex(67, 32);
  ASSERT_TRUE(store.apply("feed", {{entry("md5", value, "v1")}, {}}, ImportMode::delta, "").ok());
  const auto before = *store.current_snapshot("feed");
  const std::vector<ImportBatch> pages{
      {{}, {removal_of("v1")}},
      {{entry("md5", random_hex(68, 32), "x")}, {}},
      {{entry("md5", random_hex(69, 32), "y"), entry("md5", random_hex(70, 32), "y")}, {}},
  };
  auto refused = store.apply_sequence("feed", pages, ImportMode::delta, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::malformed_list);
  EXPECT_EQ(refused.status().message().rfind("batch 3 of 3: entry 'y' has two md5 values", 0), 0u)
      << refused.status().message();
  EXPECT_EQ(*store.current_snapshot("feed"), before);
  EXPECT_EQ(ids_of(store, "feed"), std::vector<std::string>{"v1:" + value});
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path() / "feed"), {}),
            3);  // CURRENT, .lock, v000001.vbank: nothing half-written left behind
}

// ---- A damaged CURRENT: serve the newest snapshot that verifies, and say so -------------

class BankFallback : public ::testing::Test {
 protected:
  // Versions 1..3 of bank "b", entry "v<n>" in version n.
  void SetUp() override {
    for (int version = 1; version <= 3; ++version) {
      const std::string id = "v" + std::to_string(version);
      ASSERT_TRUE(store_
                      .apply("b", {{entry("md5", random_hex(80 + version, 32), id)}, {}},
                             ImportMode::replace, "")
                      .ok());
    }
  }
  std::filesystem::path bank() const { return dir_.path() / "b"; }
  std::string served() const {
    auto opened = store_.open("b");
    return opened.ok() ? (*opened)->entries().at(0).entry_id : opened.status().to_string();
  }
  std::string pointed() const {
    auto path = store_.current_snapshot("b");
    return path.ok() ? path->filename().string() : path.status().to_string();
  }
  // Replaces `file` with a copy whose middle byte is flipped (checksum mismatch).
  static void corrupt(const std::filesystem::path& file) {
    std::string bytes;
    {
      std::ifstream in(file, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    bytes[bytes.size() / 2] ^= 0x20;
    const auto copy = file.string() + ".corrupt";
    std::ofstream(copy, std::ios::binary) << bytes;
    std::filesystem::rename(copy, file);
  }

  testing::TempDir dir_;
  BankStore store_{dir_.path()};
};

TEST_F(BankFallback, AnEmptyCurrentFallsBackToTheNewestSnapshot) {
  std::ofstream(bank() / "CURRENT", std::ios::trunc).flush();
  testing::LogCapture logs;
  EXPECT_EQ(served(), "v3");
  EXPECT_EQ(pointed(), "v000003.vbank");
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil",
                            {"bank 'b'", "CURRENT is empty", "serving v000003.vbank"}));
  // The next import builds on it and repairs CURRENT.
  auto next =
      store_.apply("b", {{entry("md5", random_hex(90, 32), "v4")}, {}}, ImportMode::delta, "");
  ASSERT_TRUE(next.ok()) << next.status().to_string();
  EXPECT_EQ(next->version, 4u);
  EXPECT_EQ(next->entry_count, 2u);
  std::ifstream in(bank() / "CURRENT");
  std::string line;
  EXPECT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "v000004.vbank");
}

TEST_F(BankFallback, AMissingCurrentWithSnapshotsPresentFallsBack) {
  std::filesystem::remove(bank() / "CURRENT");
  testing::LogCapture logs;
  EXPECT_EQ(served(), "v3");
  EXPECT_EQ(pointed(), "v000003.vbank");
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"CURRENT is missing", "v000003.vbank"}));
  EXPECT_EQ(store_.names(), std::vector<std::string>{"b"});

  // Garbage, such as a crash can leave, is no better than nothing.
  std::ofstream(bank() / "CURRENT", std::ios::binary | std::ios::trunc) << std::string(8, '\0');
  EXPECT_EQ(served(), "v3");
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"CURRENT does not name a snapshot"}));
  // Without any snapshot there is no bank at all.
  for (int version = 1; version <= 3; ++version) {
    std::filesystem::remove(bank() / ("v00000" + std::to_string(version) + ".vbank"));
  }
  EXPECT_EQ(store_.open("b").status().code(), ErrorCode::not_found);
  EXPECT_EQ(store_.current_snapshot("b").status().code(), ErrorCode::not_found);
}

TEST_F(BankFallback, ACurrentNamingACorruptOrMissingSnapshotFallsBack) {
  corrupt(bank() / "v000003.vbank");
  testing::LogCapture logs;
  EXPECT_EQ(served(), "v2");
  EXPECT_EQ(pointed(), "v000002.vbank");
  EXPECT_TRUE(
      logs.contains(LogLevel::warn, "vigil",
                    {"CURRENT names v000003.vbank", "checksum mismatch", "serving v000002.vbank"}));
  // Every rollback version is tried, newest first.
  corrupt(bank() / "v000002.vbank");
  EXPECT_EQ(served(), "v1");
  EXPECT_EQ(pointed(), "v000001.vbank");
  std::filesystem::remove(bank() / "v000003.vbank");
  EXPECT_EQ(served(), "v1");
  EXPECT_TRUE(logs.contains(LogLevel::warn, "vigil", {"v000003.vbank, which is missing"}));
  // When nothing verifies, the error says so and what to do.
  corrupt(bank() / "v000001.vbank");
  auto none = store_.open("b");
  EXPECT_EQ(none.status().code(), ErrorCode::corrupt_data);
  EXPECT_NE(none.status().message().find("import the full list again"), std::string::npos)
      << none.status().message();
  EXPECT_EQ(store_.current_snapshot("b").status().code(), ErrorCode::corrupt_data);
}

}  // namespace
}  // namespace vigil
