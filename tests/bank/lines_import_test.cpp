// "lines": `<type> <value>` or bare values, comments, blank lines, CRLF.
#include <string>

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace vigil::bank_import_test {
namespace {

TEST(LinesImport, TypedLinesBecomeEntriesWithTheValueAsId) {
  ImportOptions options;
  options.source = "hotline-x";
  const ImportBatch batch = parse_ok(ListFormat::lines,
                                     "# comment\n"
                                     "md5 " +
                                         kMd5A +
                                         "\n"
                                         "\n"
                                         "   # indented comment\n"
                                         "SHA1\t" +
                                         kSha1 + "  \n",
                                     options);
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0], entry("md5", kMd5A, kMd5A, "hotline-x"));
  EXPECT_EQ(batch.entries[1], entry("sha1", kSha1, kSha1, "hotline-x"));
  EXPECT_TRUE(batch.removals.empty());
}

TEST(LinesImport, BareValuesNeedADefaultType) {
  const ImportBatch batch =
      parse_ok(ListFormat::lines, kMd5A + "\npdq " + kHex64 + "\n", with_default_type("md5"));
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].signal_type, "md5");
  EXPECT_EQ(batch.entries[1].signal_type, "pdq");

  const std::string message = parse_error(ListFormat::lines, "md5 " + kMd5A + "\n" + kMd5B);
  EXPECT_EQ(message,
            "list.txt: line 2: field 'type': a bare value, but no default type is "
            "configured");
}

TEST(LinesImport, AnInvalidDefaultTypeIsAnInvalidArgument) {
  parse_error(ListFormat::lines, kMd5A, with_default_type("MD 5"), ErrorCode::invalid_argument);
}

TEST(LinesImport, CrlfAndCrLineEndings) {
  const ImportBatch crlf =
      parse_ok(ListFormat::lines, "md5 " + kMd5A + "\r\n\r\nmd5 " + kMd5B + "\r\n");
  ASSERT_EQ(crlf.entries.size(), 2u);
  EXPECT_EQ(crlf.entries[1].value, kMd5B);
  const std::string message = parse_error(ListFormat::lines, "md5 " + kMd5A + "\r\n\r\nmd5 zz\r\n");
  EXPECT_NE(message.find("list.txt: line 3: field 'value'"), std::string::npos) << message;
  EXPECT_EQ(parse_ok(ListFormat::lines, "md5 " + kMd5A + "\rmd5 " + kMd5B).entries.size(), 2u);
}

TEST(LinesImport, MalformedLineNamesLineAndField) {
  EXPECT_EQ(parse_error(ListFormat::lines, "md5 " + kMd5A + "\n\nmd5 " + kHex64 + "\n"),
            "list.txt: line 3: field 'value': md5 value must be 32 hex digits, got 64 characters");
  EXPECT_EQ(parse_error(ListFormat::lines, "sha-1 " + kSha1),
            "list.txt: line 1: field 'type': signal type 'sha-1' is not a valid type name (a-z, "
            "0-9 and _)");
  EXPECT_EQ(parse_error(ListFormat::lines, "md5 " + kMd5A + " extra"),
            "list.txt: line 1: expected '<type> <value>' or a bare value, got 3 fields");
}

TEST(LinesImport, DuplicateLinesAreKeptOnce) {
  const ImportBatch batch =
      parse_ok(ListFormat::lines, "md5 " + kMd5A + "\nMD5 " + "00112233445566778899AABBCCDDEEFF\n");
  EXPECT_EQ(batch.entries.size(), 1u);
}

TEST(LinesImport, SameHexUnderTwoTypesIsTwoEntries) {
  const ImportBatch batch = parse_ok(ListFormat::lines, "pdq " + kHex64 + "\nsha256 " + kHex64);
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].signal_type, "pdq");
  EXPECT_EQ(batch.entries[1].signal_type, "sha256");
}

TEST(LinesImport, PhotoDnaValuesNeverAppearInMessages) {
  const std::string secret = "11,22,33,44";
  const std::string message =
      parse_error(ListFormat::lines, "pdna " + secret + "\npdna " + secret + "\x01\n");
  EXPECT_EQ(message.find(secret), std::string::npos) << message;
}

}  // namespace
}  // namespace vigil::bank_import_test
