// signal-csv and mapped-csv: header handling, RFC 4180 quoting, CRLF, errors by line.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace vigil::bank_import_test {
namespace {

const std::string kSignalHeader = "signal_type,signal_str,collab,category,tags\n";

TEST(SignalCsvImport, ReadsColumnsTagsAndCollab) {
  ImportOptions options;
  options.source = "te";
  const ImportBatch batch = parse_ok(ListFormat::signal_csv,
                                     kSignalHeader + "pdq," + kHex64 +
                                         ",Collab A,adult,tag-one tag-two  tag-one\n"
                                         "MD5," +
                                         kMd5A + ",,,\n",
                                     options);
  ASSERT_EQ(batch.entries.size(), 2u);
  BankEntry expected = entry("pdq", kHex64, kHex64, "te");
  expected.category = "adult";
  expected.labels = {"tag-one", "tag-two", "collab:Collab A"};
  EXPECT_EQ(batch.entries[0], expected);
  EXPECT_EQ(batch.entries[1], entry("md5", kMd5A, kMd5A, "te"));
}

TEST(SignalCsvImport, ColumnsInAnyOrderOnlyTypeAndValueRequired) {
  const ImportBatch batch =
      parse_ok(ListFormat::signal_csv, "extra,signal_str,signal_type\nx," + kMd5A + ",md5\n");
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0], entry("md5", kMd5A));
}

TEST(SignalCsvImport, VideoMd5BecomesMd5WithAVideoLabel) {
  const ImportBatch batch =
      parse_ok(ListFormat::signal_csv, kSignalHeader + "video_md5," + kMd5A + ",,,\n");
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].signal_type, "md5");
  EXPECT_EQ(batch.entries[0].labels, std::vector<std::string>{"video"});
}

TEST(SignalCsvImport, QuotedFieldsFollowRfc4180) {
  const std::string text =
      "signal_type,signal_str,collab,category,tags\r\n"
      "\"md5\",\"" +
      kMd5A +
      "\",\"Collab, \"\"quoted\"\"\",\"multi\r\nline\",\r\n"
      "md5," +
      kMd5B + ",,,\r\n";
  const ImportBatch batch = parse_ok(ListFormat::signal_csv, text);
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].labels, std::vector<std::string>{"collab:Collab, \"quoted\""});
  EXPECT_EQ(batch.entries[0].category, "multi\r\nline");
  EXPECT_EQ(batch.entries[1].value, kMd5B);

  // The row after a quoted line break is on line 4.
  const std::string bad =
      "signal_type,signal_str,collab,category,tags\r\n"
      "md5," +
      kMd5A +
      ",\"a\r\nb\",,\r\n"
      "md5,nothex,,,\r\n";
  EXPECT_EQ(parse_error(ListFormat::signal_csv, bad, {}, ErrorCode::malformed_list, "l.csv"),
            "l.csv: line 4: field 'signal_str': md5 value must be 32 hex digits, got 6 "
            "characters");
}

TEST(SignalCsvImport, MalformedQuotingNamesTheLine) {
  EXPECT_EQ(parse_error(ListFormat::signal_csv, kSignalHeader + "md5,\"" + kMd5A + "\"x,,,\n"),
            "list.txt: line 2: unexpected character after a closing quote");
  EXPECT_EQ(parse_error(ListFormat::signal_csv, kSignalHeader + "md5,ab\"c,,,\n"),
            "list.txt: line 2: a quote inside an unquoted field (quote the whole field)");
  EXPECT_EQ(parse_error(ListFormat::signal_csv, kSignalHeader + "md5," + kMd5A + ",\"open\n,\n"),
            "list.txt: line 2: quoted field is never closed");
}

TEST(SignalCsvImport, RowsNeedTheHeadersFieldCount) {
  EXPECT_EQ(parse_error(ListFormat::signal_csv, kSignalHeader + "md5," + kMd5A + "\n"),
            "list.txt: line 2: the row has 2 fields, the header 5");
}

TEST(SignalCsvImport, MissingHeaderIsAnError) {
  const std::string message = parse_error(ListFormat::signal_csv, "md5," + kMd5A + ",,,\n");
  EXPECT_NE(message.find("list.txt: line 1: the header has no 'signal_type' column"),
            std::string::npos)
      << message;
}

TEST(SignalCsvImport, RepeatedHeaderColumnIsAnError) {
  const std::string message =
      parse_error(ListFormat::signal_csv, "signal_type,signal_str,signal_str\nmd5,a,b\n");
  EXPECT_NE(message.find("names the column 'signal_str' more than once"), std::string::npos)
      << message;
}

TEST(SignalCsvImport, EmptyFileAndHeaderOnlyAreEmptyBatches) {
  EXPECT_TRUE(parse_ok(ListFormat::signal_csv, "").entries.empty());
  EXPECT_TRUE(parse_ok(ListFormat::signal_csv, "\n\r\n").entries.empty());
  EXPECT_TRUE(parse_ok(ListFormat::signal_csv, kSignalHeader).entries.empty());
  EXPECT_TRUE(parse_ok(ListFormat::signal_csv, "\xEF\xBB\xBF" + kSignalHeader).entries.empty());
}

TEST(SignalCsvImport, WrongLengthForTheType) {
  EXPECT_EQ(parse_error(ListFormat::signal_csv, kSignalHeader + "md5," + kHex64 + ",,,\n"),
            "list.txt: line 2: field 'signal_str': md5 value must be 32 hex digits, got 64 "
            "characters");
}

ImportOptions iwf_mapping() {
  ImportOptions options;
  options.source = "iwf";
  options.mapping.type = "HashType";
  options.mapping.value = "HashValue";
  options.mapping.entry_id = "ImageID";
  options.mapping.category = "Category";
  options.mapping.type_names = {{"PhotoDNA", "pdna"}};
  return options;
}

TEST(MappedCsvImport, MapsColumnsAndTranslatesTypeNames) {
  ImportOptions options = iwf_mapping();
  options.mapping.labels = "Labels";
  options.mapping.age_band = "Age";
  const ImportBatch batch = parse_ok(ListFormat::mapped_csv,
                                     "ImageID,HashType,HashValue,Category,Labels,Age\n"
                                     "i-1,MD5," +
                                         kMd5A +
                                         ",A,\"x;y, z\",13-15\n"
                                         "i-1,SHA1," +
                                         kSha1 +
                                         ",A,,\n"
                                         "i-2,PhotoDNA,\"1,2,3\",C,,\n",
                                     options);
  ASSERT_EQ(batch.entries.size(), 3u);
  BankEntry first = entry("md5", kMd5A, "i-1", "iwf");
  first.category = "A";
  first.labels = {"x", "y", "z", "age_band:13-15"};
  EXPECT_EQ(batch.entries[0], first);
  EXPECT_EQ(batch.entries[1].entry_id, "i-1");
  EXPECT_EQ(batch.entries[1].signal_type, "sha1");
  EXPECT_EQ(batch.entries[2].signal_type, "pdna");
  EXPECT_EQ(batch.entries[2].value, "1,2,3");
}

TEST(MappedCsvImport, FixedTypeAndValueAsId) {
  ImportOptions options;
  options.mapping.value = "hash";
  options.mapping.fixed_type = "sha256";
  const ImportBatch batch =
      parse_ok(ListFormat::mapped_csv, "hash,other\n" + kHex64 + ",ignored\n", options);
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0], entry("sha256", kHex64));
}

TEST(MappedCsvImport, FixedTypeIsTheFallbackForEmptyTypeCells) {
  ImportOptions options;
  options.mapping.value = "hash";
  options.mapping.type = "kind";
  options.mapping.fixed_type = "md5";
  const ImportBatch batch =
      parse_ok(ListFormat::mapped_csv, "kind,hash\n," + kMd5A + "\nsha1," + kSha1 + "\n", options);
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].signal_type, "md5");
  EXPECT_EQ(batch.entries[1].signal_type, "sha1");
}

TEST(MappedCsvImport, BadMappingsAreInvalidArguments) {
  const std::string text = "a,b\n1,2\n";
  ImportOptions options;
  parse_error(ListFormat::mapped_csv, text, options, ErrorCode::invalid_argument);
  options.mapping.value = "a";
  parse_error(ListFormat::mapped_csv, text, options, ErrorCode::invalid_argument);  // no type
  options.mapping.fixed_type = "MD5";
  parse_error(ListFormat::mapped_csv, text, options, ErrorCode::invalid_argument);
  options.mapping.fixed_type = "md5";
  options.mapping.type_names = {{"x", "Not A Type"}};
  parse_error(ListFormat::mapped_csv, text, options, ErrorCode::invalid_argument);
}

TEST(MappedCsvImport, MappedColumnMissingFromHeader) {
  ImportOptions options = iwf_mapping();
  EXPECT_EQ(parse_error(ListFormat::mapped_csv, "ImageID,Type,HashValue,Category\n", options),
            "list.txt: line 1: the header has no column 'HashType' (named by the column "
            "mapping)");
}

TEST(MappedCsvImport, ErrorsNameTheMappedColumn) {
  const ImportOptions options = iwf_mapping();
  const std::string header = "ImageID,HashType,HashValue,Category\n";
  EXPECT_EQ(parse_error(ListFormat::mapped_csv, header + "i,MD5," + kHex64 + ",A\n", options),
            "list.txt: line 2: field 'HashValue': md5 value must be 32 hex digits, got 64 "
            "characters");
  EXPECT_EQ(parse_error(ListFormat::mapped_csv, header + "i,SHA-1," + kSha1 + ",A\n", options),
            "list.txt: line 2: field 'HashType': signal type 'sha-1' is not a valid type name "
            "(a-z, 0-9 and _)");
  EXPECT_EQ(parse_error(ListFormat::mapped_csv, header + ",MD5," + kMd5A + ",A\n", options),
            "list.txt: line 2: field 'ImageID': missing entry id");
  EXPECT_EQ(parse_error(ListFormat::mapped_csv, header + "i,MD5,,A\n", options),
            "list.txt: line 2: field 'HashValue': missing value");
  EXPECT_EQ(parse_error(ListFormat::mapped_csv, header + "i,,x,A\n", options),
            "list.txt: line 2: field 'HashType': missing signal type");
}

TEST(MappedCsvImport, SameIdDifferentValuesNamesBothLines) {
  const ImportOptions options = iwf_mapping();
  EXPECT_EQ(parse_error(ListFormat::mapped_csv,
                        "ImageID,HashType,HashValue,Category\n"
                        "img-9,MD5," +
                            kMd5A +
                            ",A\n"
                            "other,MD5," +
                            kMd5B +
                            ",A\n"
                            "img-9,MD5," +
                            kMd5B + ",A\n",
                        options),
            "list.txt: line 4: entry_id 'img-9' (md5) has a different value than at line 2");
}

TEST(MappedCsvImport, EmptyFileIsEmptyButHeaderIsRequired) {
  ImportOptions options = iwf_mapping();
  EXPECT_TRUE(parse_ok(ListFormat::mapped_csv, "", options).entries.empty());
  const std::string message =
      parse_error(ListFormat::mapped_csv, "i-1,MD5," + kMd5A + ",A\n", options);
  EXPECT_NE(message.find("line 1: the header has no column"), std::string::npos) << message;
}

}  // namespace
}  // namespace vigil::bank_import_test
