// mapped-json, te-json and stopncii-json: shapes, records numbered from 1, times, tombstones,
// bounded nesting.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace vigil::bank_import_test {
namespace {

std::string te_record(const std::string& id, const std::string& type, const std::string& indicator,
                      const std::string& extra = {}) {
  return "{\"id\": " + id + ", \"type\": \"" + type + "\", \"indicator\": \"" + indicator + "\"" +
         extra + "}";
}

TEST(MappedJsonImport, ArrayOrObjectWithOneArrayMember) {
  ImportOptions options;
  options.mapping.value = "hash";
  options.mapping.type = "kind";
  options.mapping.entry_id = "id";
  options.mapping.category = "cat";
  options.mapping.labels = "tags";
  const std::string records = "[{\"id\": 5, \"kind\": \"MD5\", \"hash\": \"" + kMd5A +
                              "\", \"cat\": 3, \"tags\": [\"a\", \"b\", \"a\"]},"
                              " {\"id\": \"x\", \"kind\": \"sha1\", \"hash\": \"" +
                              kSha1 + "\", \"tags\": \"c;d\"}]";
  for (const std::string& text :
       {records, "{\"version\": 2, \"items\": " + records + ", \"note\": \"n\"}"}) {
    const ImportBatch batch = parse_ok(ListFormat::mapped_json, text, options);
    ASSERT_EQ(batch.entries.size(), 2u);
    BankEntry first = entry("md5", kMd5A, "5");
    first.category = "3";
    first.labels = {"a", "b"};
    EXPECT_EQ(batch.entries[0], first);
    EXPECT_EQ(batch.entries[1].labels, (std::vector<std::string>{"c", "d"}));
  }
  parse_error(ListFormat::mapped_json, "{\"a\": [], \"b\": []}", options);
  parse_error(ListFormat::mapped_json, "{\"a\": 1}", options);
  parse_error(ListFormat::mapped_json, "\"text\"", options);
}

TEST(MappedJsonImport, ErrorsNameRecordAndKey) {
  ImportOptions options;
  options.mapping.value = "hash";
  options.mapping.fixed_type = "md5";
  EXPECT_EQ(parse_error(ListFormat::mapped_json, "[{\"hash\": \"" + kMd5A + "\"}, {\"hash\": 7}]",
                        options, ErrorCode::malformed_list, "l.json"),
            "l.json: record 2: field 'hash': expected a string");
  EXPECT_EQ(parse_error(ListFormat::mapped_json, "[{\"hash\": \"" + kHex64 + "\"}]", options,
                        ErrorCode::malformed_list, "l.json"),
            "l.json: record 1: field 'hash': md5 value must be 32 hex digits, got 64 characters");
  EXPECT_EQ(parse_error(ListFormat::mapped_json, "[{\"hash\": \"" + kMd5A + "\"}, 3]", options,
                        ErrorCode::malformed_list, "l.json"),
            "l.json: record 2: expected an object");
  EXPECT_EQ(parse_error(ListFormat::mapped_json, "[{\"other\": 1}]", options,
                        ErrorCode::malformed_list, "l.json"),
            "l.json: record 1: field 'hash': missing value");
}

TEST(TeJsonImport, ReadsTheFixture) {
  ImportOptions options;
  options.source = "threatexchange";
  Result<ImportBatch> batch =
      import_list_file(ListFormat::te_json, fixture("te_updates.json"), options);
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  ASSERT_EQ(batch->entries.size(), 2u);
  BankEntry pdq = entry("pdq", std::string(64, '7'), "1001", "threatexchange");
  pdq.labels = {"made_up", "test"};
  pdq.added_time = 1700000000;
  EXPECT_EQ(batch->entries[0], pdq);
  BankEntry pdna = entry("pdna", "1,2,3", "1003", "threatexchange");
  pdna.added_time = 1700000001;
  EXPECT_EQ(batch->entries[1], pdna);
  ASSERT_EQ(batch->removals.size(), 1u);
  EXPECT_EQ(batch->removals[0], (Tombstone{"1002", "md5", std::string(32, '7')}));
}

TEST(TeJsonImport, MapsEveryKnownTypeAndRefusesOthers) {
  const std::string text =
      "[" + te_record("1", "HASH_MD5", kMd5A) + "," + te_record("2", "HASH_SHA1", kSha1) + "," +
      te_record("3", "HASH_SHA256", kHex64) + "," + te_record("4", "HASH_PDQ", kHex64) + "," +
      te_record("5", "HASH_PHOTODNA", "9,9") + "," + te_record("6", "HASH_VIDEO_MD5", kMd5B) + "]";
  const ImportBatch batch = parse_ok(ListFormat::te_json, text);
  ASSERT_EQ(batch.entries.size(), 6u);
  const std::vector<std::string> types = {"md5", "sha1", "sha256", "pdq", "pdna", "md5"};
  for (std::size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(batch.entries[i].signal_type, types[i]) << i;
  }
  EXPECT_EQ(batch.entries[5].labels, std::vector<std::string>{"video"});

  const std::string message = parse_error(
      ListFormat::te_json,
      "[" + te_record("1", "HASH_MD5", kMd5A) + "," + te_record("2", "HASH_TMK", "x") + "]", {},
      ErrorCode::malformed_list, "te.json");
  EXPECT_NE(message.find("te.json: record 2: field 'type': unsupported indicator type "
                         "'HASH_TMK'"),
            std::string::npos)
      << message;
}

TEST(TeJsonImport, FieldErrorsNameRecordAndField) {
  EXPECT_EQ(parse_error(ListFormat::te_json,
                        "{\"data\": [" + te_record("1", "HASH_MD5", kMd5A) + "," +
                            te_record("2", "HASH_MD5", kHex64) + "]}",
                        {}, ErrorCode::malformed_list, "list.json"),
            "list.json: record 2: field 'indicator': md5 value must be 32 hex digits, got 64 "
            "characters");
  EXPECT_EQ(parse_error(ListFormat::te_json,
                        "[{\"type\": \"HASH_MD5\", \"indicator\": \"" + kMd5A + "\"}]"),
            "list.txt: record 1: field 'id': missing");
  EXPECT_EQ(parse_error(ListFormat::te_json,
                        "[" + te_record("1", "HASH_MD5", kMd5A, ", \"should_delete\": 1") + "]"),
            "list.txt: record 1: field 'should_delete': expected true or false");
  EXPECT_EQ(
      parse_error(ListFormat::te_json,
                  "[" + te_record("1", "HASH_MD5", kMd5A, ", \"last_updated\": \"soon\"") + "]"),
      "list.txt: record 1: field 'last_updated': not a valid time (Unix seconds or "
      "ISO-8601)");
  EXPECT_EQ(parse_error(ListFormat::te_json,
                        "[" + te_record("1", "HASH_MD5", kMd5A, ", \"tags\": [1]") + "]"),
            "list.txt: record 1: field 'tags': expected an array of strings");
  EXPECT_EQ(parse_error(ListFormat::te_json, "{\"paging\": {}}"),
            "list.txt: expected an array of threat updates, or an object with a \"data\" array");
}

TEST(TeJsonImport, TimesAcceptIntegersStringsAndIso8601) {
  const std::vector<std::pair<std::string, std::int64_t>> cases = {
      {"1700000000", 1700000000},
      {"\"1700000000\"", 1700000000},
      {"1700000000999", 1700000000},  // milliseconds
      {"\"2023-11-14T22:13:20Z\"", 1700000000},
      {"\"2023-11-14T22:13:20+0000\"", 1700000000},
      {"\"2023-11-15T00:13:20.5+02:00\"", 1700000000},
      {"\"2023-11-14 17:13:20-05\"", 1700000000},
      {"\"1970-01-01\"", 0},
      {"\"2024-02-29T00:00\"", 1709164800},
      {"null", 0},
  };
  for (const auto& [json, seconds] : cases) {
    const ImportBatch batch =
        parse_ok(ListFormat::te_json,
                 "[" + te_record("1", "HASH_MD5", kMd5A, ", \"last_updated\": " + json) + "]");
    ASSERT_EQ(batch.entries.size(), 1u) << json;
    EXPECT_EQ(batch.entries[0].added_time, seconds) << json;
  }
  for (const std::string json :
       {"-5", "1.5", "\"2023-02-29\"", "\"2023-13-01\"", "\"2023-01-01T24:00\"",
        "\"1969-12-31T23:59:59Z\"", "true", "\"2023-01-01T10:00+25:00\"", "\"\""}) {
    parse_error(ListFormat::te_json,
                "[" + te_record("1", "HASH_MD5", kMd5A, ", \"last_updated\": " + json) + "]");
  }
}

TEST(StopNciiJsonImport, ReadsTheFixture) {
  ImportOptions options;
  options.source = "stopncii";
  Result<ImportBatch> batch =
      import_list_file(ListFormat::stopncii_json, fixture("stopncii_records.json"), options);
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  ASSERT_EQ(batch->entries.size(), 2u);
  BankEntry pdq = entry("pdq", std::string(64, '8'), {}, "stopncii");
  pdq.added_time = 1700000000;
  EXPECT_EQ(batch->entries[0], pdq);
  BankEntry video = entry("md5", std::string(32, '8'), {}, "stopncii");
  video.labels = {"video"};
  video.added_time = 1700000000;
  EXPECT_EQ(batch->entries[1], video);
  ASSERT_EQ(batch->removals.size(), 1u);
  EXPECT_EQ(batch->removals[0], (Tombstone{"", "md5", std::string(32, '9')}));
}

TEST(StopNciiJsonImport, StatusesAndTypes) {
  const auto record = [](const std::string& type, const std::string& value,
                         const std::string& status) {
    return "{\"signalType\": \"" + type + "\", \"hashValue\": \"" + value +
           "\", \"hashStatus\": \"" + status + "\"}";
  };
  const ImportBatch batch = parse_ok(ListFormat::stopncii_json,
                                     "{\"hashRecords\": [" + record("ImageMD5", kMd5A, "Deleted") +
                                         "," + record("ImagePDQ", kHex64, "Withdrawn") + "]}");
  EXPECT_TRUE(batch.entries.empty());
  ASSERT_EQ(batch.removals.size(), 2u);
  EXPECT_EQ(batch.removals[1], (Tombstone{"", "pdq", kHex64}));

  EXPECT_EQ(parse_error(ListFormat::stopncii_json,
                        "{\"hashRecords\": [" + record("ImageMD5", kMd5A, "Pending") + "]}"),
            "list.txt: record 1: field 'hashStatus': unknown status 'Pending' (expected Active, "
            "Withdrawn or Deleted)");
  EXPECT_EQ(parse_error(ListFormat::stopncii_json,
                        "{\"hashRecords\": [" + record("ImageSHA512", kMd5A, "Active") + "]}"),
            "list.txt: record 1: field 'signalType': unsupported signal type 'ImageSHA512' "
            "(supported: ImagePDQ, ImageMD5, VideoMD5)");
  EXPECT_EQ(parse_error(ListFormat::stopncii_json,
                        "{\"hashRecords\": [" + record("ImageMD5", kHex64, "Active") + "]}"),
            "list.txt: record 1: field 'hashValue': md5 value must be 32 hex digits, got 64 "
            "characters");
  parse_error(ListFormat::stopncii_json, "[" + record("ImageMD5", kMd5A, "Active") + "]");
}

TEST(JsonImport, InvalidJsonIsMalformedWithoutEchoingText) {
  const std::string secret = "12,34,56,78";
  const std::string message =
      parse_error(ListFormat::te_json, "[{\"id\": 1, \"indicator\": \"" + secret);
  EXPECT_NE(message.find("list.txt: invalid JSON: parse error at line 1"), std::string::npos)
      << message;
  EXPECT_EQ(message.find(secret), std::string::npos) << message;
  EXPECT_EQ(message.find("[json.exception"), std::string::npos) << message;
}

TEST(JsonImport, DeepNestingIsRefusedBeforeParsing) {
  const std::size_t depth = 100000;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  for (const ListFormat format :
       {ListFormat::mapped_json, ListFormat::te_json, ListFormat::stopncii_json}) {
    ImportOptions options;
    options.mapping.value = "v";
    options.mapping.fixed_type = "md5";
    EXPECT_EQ(parse_error(format, deep, options), "list.txt: JSON nests deeper than 64 levels");
  }
  // 64 levels are fine (the record array and objects at depth 2 are the usual case).
  const std::string ok_depth = "[{\"id\": 1, \"type\": \"HASH_MD5\", \"indicator\": \"" + kMd5A +
                               "\", \"x\": " + std::string(62, '[') + std::string(62, ']') + "}]";
  EXPECT_EQ(parse_ok(ListFormat::te_json, ok_depth).entries.size(), 1u);
  const std::string too_deep = "[{\"id\": 1, \"type\": \"HASH_MD5\", \"indicator\": \"" + kMd5A +
                               "\", \"x\": " + std::string(63, '[') + std::string(63, ']') + "}]";
  parse_error(ListFormat::te_json, too_deep);
  // Brackets inside strings do not count.
  const std::string in_string = "[{\"id\": \"" + std::string(200, '[') +
                                "\\\"\", \"type\": \"HASH_MD5\", \"indicator\": \"" + kMd5A +
                                "\"}]";
  EXPECT_EQ(parse_ok(ListFormat::te_json, in_string).entries.size(), 1u);
}

TEST(JsonImport, EmptyDocumentsAreEmptyBatches) {
  for (const ListFormat format :
       {ListFormat::mapped_json, ListFormat::te_json, ListFormat::stopncii_json}) {
    ImportOptions options;
    options.mapping.value = "v";
    options.mapping.fixed_type = "md5";
    EXPECT_TRUE(parse_ok(format, "", options).entries.empty());
    EXPECT_TRUE(parse_ok(format, " \r\n\t", options).entries.empty());
  }
  EXPECT_TRUE(parse_ok(ListFormat::te_json, "[]").entries.empty());
  EXPECT_TRUE(parse_ok(ListFormat::te_json, "{\"data\": []}").entries.empty());
  EXPECT_TRUE(parse_ok(ListFormat::stopncii_json, "{\"hashRecords\": []}").entries.empty());
}

}  // namespace
}  // namespace vigil::bank_import_test
