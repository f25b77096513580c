// Banks are written as verified snapshots, versioned, and never half-applied.
#include <gtest/gtest.h>

#include <fstream>

#include "bank_test_support.hpp"
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
  EXPECT_EQ(corrupt.status().code(), ErrorCode::malformed_list);
  EXPECT_NE(corrupt.status().message().find("checksum mismatch"), std::string::npos);
  EXPECT_EQ(write("short.vbank", bytes.substr(0, bytes.size() - 7)).status().code(),
            ErrorCode::malformed_list);
  EXPECT_EQ(write("tiny.vbank", "VIGIL").status().code(), ErrorCode::malformed_list);
  EXPECT_NE(write("foreign.vbank", std::string(4096, 'x')).status().message().find("wrong magic"),
            std::string::npos);
  EXPECT_EQ(Bank::open(dir.path() / "missing.vbank").status().code(), ErrorCode::not_found);
}

}  // namespace
}  // namespace vigil
