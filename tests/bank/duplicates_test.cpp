// The within-one-file rules: uniqueness per (entry_id, signal_type), duplicates kept once,
// and no removal together with an entry it matches.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace vigil::bank_import_test {
namespace {

std::string te(const std::string& id, const std::string& indicator, std::int64_t time,
               bool remove = false, const std::string& tags = "[]") {
  return "{\"id\": \"" + id + "\", \"type\": \"HASH_MD5\", \"indicator\": \"" + indicator +
         "\", \"last_updated\": " + std::to_string(time) +
         ", \"should_delete\": " + (remove ? "true" : "false") + ", \"tags\": " + tags + "}";
}

std::string array(const std::vector<std::string>& records) {
  std::string text = "[";
  for (const std::string& record : records) text += (text.size() > 1 ? "," : "") + record;
  return text + "]";
}

TEST(Duplicates, IdenticalRecordsAreKeptOnce) {
  const ImportBatch batch = parse_ok(
      ListFormat::te_json,
      array({te("1", kMd5A, 10), te("2", kMd5B, 10), te("1", kMd5A, 30), te("1", kMd5A, 20)}));
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].entry_id, "1");
  EXPECT_EQ(batch.entries[0].added_time, 30);  // the latest time is kept
  EXPECT_EQ(batch.entries[1].entry_id, "2");
}

TEST(Duplicates, SameIdDifferentValueNamesBothRecords) {
  EXPECT_EQ(parse_error(ListFormat::te_json, array({te("1", kMd5A, 10), te("1", kMd5B, 20)}), {},
                        ErrorCode::malformed_list, "te.json"),
            "te.json: record 2: entry_id '1' (md5) has a different value than at record 1");
}

TEST(Duplicates, ALaterUpdateOfTheSameRecordWins) {
  const ImportBatch batch = parse_ok(
      ListFormat::te_json,
      array({te("1", kMd5A, 20, false, "[\"new\"]"), te("1", kMd5A, 10, false, "[\"old\"]")}));
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].labels, std::vector<std::string>{"new"});
  EXPECT_EQ(batch.entries[0].added_time, 20);
}

TEST(Duplicates, ConflictingDetailsAtTheSameTimeAreAnError) {
  EXPECT_EQ(parse_error(ListFormat::te_json, array({te("1", kMd5A, 10, false, "[\"a\"]"),
                                                    te("1", kMd5A, 10, false, "[\"b\"]")})),
            "list.txt: record 2: entry_id '1' (md5) has the same value and time but a different "
            "source, category or labels than at record 1");
  // Label order alone is not a conflict.
  EXPECT_EQ(parse_ok(ListFormat::te_json, array({te("1", kMd5A, 10, false, "[\"a\", \"b\"]"),
                                                 te("1", kMd5A, 10, false, "[\"b\", \"a\"]")}))
                .entries.size(),
            1u);
}

TEST(Duplicates, SnapshotListWithConflictingCategories) {
  ImportOptions options;
  options.mapping.value = "hash";
  options.mapping.fixed_type = "md5";
  options.mapping.category = "cat";
  EXPECT_EQ(
      parse_error(ListFormat::mapped_csv, "hash,cat\n" + kMd5A + ",A\n" + kMd5A + ",C\n", options),
      "list.txt: line 3: the md5 entry has the same value and time but a different source, "
      "category or labels than at line 2");
}

TEST(Duplicates, TheLaterOfAnEntryAndItsRemovalWins) {
  // Removal later than the entry: the entry is dropped, the removal kept.
  ImportBatch batch =
      parse_ok(ListFormat::te_json, array({te("1", kMd5A, 10), te("1", kMd5A, 20, true)}));
  EXPECT_TRUE(batch.entries.empty());
  ASSERT_EQ(batch.removals.size(), 1u);
  EXPECT_EQ(batch.removals[0].entry_id, "1");

  // Entry later than the removal (files are not in time order): the removal is dropped.
  batch = parse_ok(ListFormat::te_json, array({te("1", kMd5A, 30), te("1", kMd5A, 20, true)}));
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_TRUE(batch.removals.empty());

  // Same time: which is current cannot be told.
  EXPECT_EQ(parse_error(ListFormat::te_json, array({te("1", kMd5A, 20), te("1", kMd5A, 20, true)})),
            "list.txt: record 2: the removal of entry_id '1' has the same time as entry_id '1' "
            "(md5), so which is current cannot be told; it is at record 1");
}

TEST(Duplicates, NcmecRemovalByIdCoversEveryFingerprint) {
  const std::string text =
      "<queryResult><images>\n"
      "<image><id>x</id><timestamp>2023-01-01T00:00:00Z</timestamp><fingerprints><md5>" +
      kMd5A + "</md5><sha1>" + kSha1 +
      "</sha1></fingerprints></image>\n"
      "<deletedImage><id>x</id><timestamp>2023-01-02T00:00:00Z</timestamp></deletedImage>\n"
      "<image><id>y</id><fingerprints><md5>" +
      kMd5B +
      "</md5></fingerprints></image>\n"
      "</images></queryResult>";
  const ImportBatch batch = parse_ok(ListFormat::ncmec_xml, text);
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].entry_id, "y");
  ASSERT_EQ(batch.removals.size(), 1u);
  EXPECT_EQ(batch.removals[0], (Tombstone{"x", "", ""}));
}

TEST(Duplicates, StopNciiRemovalMatchesByTypeAndValue) {
  const auto record = [](const std::string& status, int time) {
    return "{\"signalType\": \"ImageMD5\", \"hashValue\": \"" + kMd5A + "\", \"hashStatus\": \"" +
           status + "\", \"lastModtimestamp\": " + std::to_string(time) + "}";
  };
  ImportBatch batch =
      parse_ok(ListFormat::stopncii_json,
               "{\"hashRecords\": [" + record("Withdrawn", 5) + "," + record("Active", 9) + "]}");
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_TRUE(batch.removals.empty());
  batch = parse_ok(ListFormat::stopncii_json, "{\"hashRecords\": [" + record("Active", 5) + "," +
                                                  record("Deleted", 9) + "," +
                                                  record("Withdrawn", 7) + "]}");
  EXPECT_TRUE(batch.entries.empty());
  ASSERT_EQ(batch.removals.size(), 1u);  // the two removals of one value are kept once
  EXPECT_EQ(batch.removals[0], (Tombstone{"", "md5", kMd5A}));
}

TEST(Duplicates, RemovalBetweenTwoVersionsOfAnIdIsAnError) {
  const std::string text =
      "<queryResult><images>\n"
      "<image><id>x</id><timestamp>100</timestamp><fingerprints><md5>" +
      kMd5A +
      "</md5></fingerprints></image>\n"
      "<image><id>x</id><timestamp>300</timestamp><fingerprints><sha1>" +
      kSha1 +
      "</sha1></fingerprints></image>\n"
      "<deletedImage><id>x</id><timestamp>200</timestamp></deletedImage>\n"
      "</images></queryResult>";
  const std::string message = parse_error(ListFormat::ncmec_xml, text);
  EXPECT_NE(message.find("line 4: record 3: the removal of entry_id 'x' is later than"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace vigil::bank_import_test
