// ncmec-xml: one entry per fingerprint, tombstones by id, paging ignored, hostile XML refused.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace vigil::bank_import_test {
namespace {

std::string feed(const std::string& images, const std::string& videos = {}) {
  return "<?xml version=\"1.0\"?>\n<queryResult>\n<images>\n" + images + "</images>\n<videos>\n" +
         videos + "</videos>\n</queryResult>\n";
}

std::string image(const std::string& id, const std::string& fingerprints,
                  const std::string& extra = {}) {
  return "<image><id>" + id + "</id>" + extra + "<fingerprints>" + fingerprints +
         "</fingerprints></image>\n";
}

std::string read_fixture(std::string_view name) {
  std::ifstream in(fixture(name), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(NcmecXmlImport, ReadsTheFixture) {
  ImportOptions options;
  options.source = "ncmec";
  Result<ImportBatch> batch =
      import_list_file(ListFormat::ncmec_xml, fixture("ncmec_feed.xml"), options);
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  ASSERT_EQ(batch->entries.size(), 5u);

  BankEntry md5 = entry("md5", std::string(32, '5'), "img-0001", "Example Member");
  md5.category = "A1";
  md5.added_time = 1682931600;  // 2023-05-01T09:00:00Z
  EXPECT_EQ(batch->entries[0], md5);
  EXPECT_EQ(batch->entries[1].signal_type, "sha1");
  EXPECT_EQ(batch->entries[1].entry_id, "img-0001");
  EXPECT_EQ(batch->entries[2].signal_type, "pdna");
  EXPECT_EQ(batch->entries[2].value, "10,20,30,40");

  BankEntry pdq = entry("pdq", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
                        "img-0003", "ncmec");  // no member: options.source
  pdq.added_time = 1682935200;
  EXPECT_EQ(batch->entries[3], pdq);

  BankEntry video = entry("md5", std::string(32, '6'), "vid-0001", "Other Member");
  video.category = "B2";
  video.labels = {"video"};
  video.added_time = 1682920800;  // 08:00+02:00
  EXPECT_EQ(batch->entries[4], video);

  ASSERT_EQ(batch->removals.size(), 2u);
  EXPECT_EQ(batch->removals[0], (Tombstone{"img-0002", "", ""}));
  EXPECT_EQ(batch->removals[1], (Tombstone{"vid-0002", "", ""}));
}

TEST(NcmecXmlImport, NamespacePrefixesAreIgnored) {
  const std::string text =
      "<ns:queryResult xmlns:ns=\"urn:x\"><ns:images><ns:image><ns:id>a</ns:id>"
      "<ns:fingerprints><ns:md5>" +
      kMd5A +
      "</ns:md5></ns:fingerprints></ns:image>"
      "</ns:images></ns:queryResult>";
  const ImportBatch batch = parse_ok(ListFormat::ncmec_xml, text);
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0], entry("md5", kMd5A, "a"));
}

TEST(NcmecXmlImport, FieldErrorsNameLineRecordAndField) {
  const std::string text =
      feed(image("a", "<md5>" + kMd5A + "</md5>") + image("b", "<md5>" + kHex64 + "</md5>"));
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, text, {}, ErrorCode::malformed_list, "feed.xml"),
            "feed.xml: line 5: record 2: field 'fingerprints/md5': md5 value must be 32 hex "
            "digits, got 64 characters");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, feed("<image><fingerprints><md5>" + kMd5A +
                                                    "</md5></fingerprints></image>")),
            "list.txt: line 4: record 1: field 'id': missing");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, feed(image("a", ""))),
            "list.txt: line 4: record 1: field 'fingerprints': no fingerprints");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, feed(image("a", "<SHA-1>x</SHA-1>"))),
            "list.txt: line 4: record 1: field 'fingerprints/SHA-1': signal type 'SHA-1' is not "
            "a valid type name (a-z, 0-9 and _)");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, feed(image("a", "<md5>" + kMd5A + "</md5>",
                                                          "<timestamp>yesterday</timestamp>"))),
            "list.txt: line 4: record 1: field 'timestamp': not a valid time (ISO-8601 or Unix "
            "seconds)");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, feed("<deletedImage/>\n")),
            "list.txt: line 4: record 1: field 'id': missing");
}

TEST(NcmecXmlImport, UnknownStructureIsAnError) {
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, feed("<picture/>\n")),
            "list.txt: line 4: unexpected element <picture> in <images>");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, "<queryResult><audio/></queryResult>"),
            "list.txt: line 1: unexpected element <audio> in <queryResult>");
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, "<result/>"),
            "list.txt: the top-level element is <result>, expected <queryResult>");
  const std::string message = parse_error(ListFormat::ncmec_xml, "<queryResult><images>");
  EXPECT_NE(message.find("list.txt: line 1: invalid XML"), std::string::npos) << message;
}

TEST(NcmecXmlImport, UnknownChildrenOfARecordAreIgnored) {
  const ImportBatch batch =
      parse_ok(ListFormat::ncmec_xml,
               feed(image("a", "<md5>" + kMd5A + "</md5>", "<feedback><note>x</note></feedback>")));
  EXPECT_EQ(batch.entries.size(), 1u);
}

TEST(NcmecXmlImport, PagingAloneIsAnEmptyBatch) {
  const ImportBatch batch = parse_ok(ListFormat::ncmec_xml,
                                     "<queryResult><paging><next>/v2/x?a=1&amp;b=2</next></paging>"
                                     "</queryResult>");
  EXPECT_TRUE(batch.entries.empty());
  EXPECT_TRUE(batch.removals.empty());
  EXPECT_TRUE(parse_ok(ListFormat::ncmec_xml, "").entries.empty());
  EXPECT_TRUE(parse_ok(ListFormat::ncmec_xml, "\xEF\xBB\xBF  \n").entries.empty());
}

TEST(NcmecXmlImport, HostileDoctypeAndEntitiesAreRefused) {
  const std::string hostile = read_fixture("hostile_entities.xml");
  ASSERT_FALSE(hostile.empty());
  EXPECT_EQ(parse_error(ListFormat::ncmec_xml, hostile, {}, ErrorCode::malformed_list, "h.xml"),
            "h.xml: refusing an XML document with a DOCTYPE or ENTITY declaration");
  // Lowercase spellings and a bare ENTITY (inside a comment) are refused too.
  parse_error(ListFormat::ncmec_xml, "<!doctype queryResult><queryResult/>");
  parse_error(ListFormat::ncmec_xml, "<queryResult><!-- <!ENTITY x 'y'> --></queryResult>");
}

TEST(NcmecXmlImport, UndeclaredEntitiesAreNotExpanded) {
  const ImportBatch batch =
      parse_ok(ListFormat::ncmec_xml, feed(image("&ext;", "<md5>" + kMd5A + "</md5>")));
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].entry_id, "&ext;");
}

TEST(NcmecXmlImport, EntityEscapesAndCdataInText) {
  const ImportBatch batch = parse_ok(
      ListFormat::ncmec_xml, feed(image("a&amp;b", "<md5><![CDATA[" + kMd5A + "]]></md5>")));
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].entry_id, "a&b");
}

TEST(NcmecXmlImport, CrlfLineEndings) {
  std::string text = feed(image("a", "<md5>" + kMd5A + "</md5>") + image("b", "<md5>zz</md5>"));
  std::string crlf;
  for (const char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const std::string message = parse_error(ListFormat::ncmec_xml, crlf);
  EXPECT_NE(message.find("line 5: record 2"), std::string::npos) << message;
}

}  // namespace
}  // namespace vigil::bank_import_test
