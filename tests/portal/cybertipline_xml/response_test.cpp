// The response parser: both roots, codes, ids, and everything it must refuse.
#include <string>

#include <gtest/gtest.h>

#include "cybertipline/errors.hpp"
#include "cybertipline/response.hpp"

namespace vigil::portal::cybertipline {
namespace {

void expect_refused(const std::string& body, const std::string& needle,
                    std::size_t max_bytes = kMaxResponseBytes) {
  try {
    (void)parse_response(body, max_bytes);
    ADD_FAILURE() << "accepted; expected a response_error mentioning " << needle;
  } catch (const response_error& error) {
    EXPECT_NE(std::string(error.what()).find(needle), std::string::npos)
        << "message \"" << error.what() << "\" lacks \"" << needle << "\"";
  }
}

constexpr const char* kSubmitOk = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<reportResponse>
  <responseCode>0</responseCode>
  <responseDescription>Success</responseDescription>
  <reportId>4564654</reportId>
</reportResponse>)";

TEST(ParseResponse, SubmitResponse) {
  const Response response = parse_response(kSubmitOk);
  ASSERT_TRUE(response.response_code.has_value());
  EXPECT_EQ(*response.response_code, 0);
  EXPECT_EQ(response.description, "Success");
  EXPECT_EQ(response.report_id, "4564654");
  EXPECT_TRUE(response.file_id.empty());
  EXPECT_FALSE(response.done);
  EXPECT_TRUE(response.file_ids.empty());
}

TEST(ParseResponse, UploadResponseHasFileIdAndHashTrimmed) {
  const Response response = parse_response(
      "<reportResponse><responseCode> 0\n</responseCode><reportId>\n\t4564654 </reportId>"
      "<fileId>  b0754af766b426f2928a02c651ed4b99\r\n</fileId>"
      "<hash>fafa5efeaf3cbe3b23b2748d13e629a1</hash></reportResponse>");
  EXPECT_EQ(response.response_code, 0);
  EXPECT_EQ(response.report_id, "4564654");
  EXPECT_EQ(response.file_id, "b0754af766b426f2928a02c651ed4b99");
  EXPECT_EQ(response.hash, "fafa5efeaf3cbe3b23b2748d13e629a1");
}

TEST(ParseResponse, ReportDoneResponseListsFileIdsInOrder) {
  const Response response = parse_response(R"(<?xml version="1.0" encoding="UTF-8"?>
<reportDoneResponse>
  <responseCode>0</responseCode>
  <reportId>250799407</reportId>
  <files>
    <fileId>3a1d4fd4106b82499b7c93442aa7dca4</fileId>
    <fileId> 23eb425911143eadc4987a2b3e221c09 </fileId>
  </files>
</reportDoneResponse>)");
  EXPECT_TRUE(response.done);
  EXPECT_EQ(response.response_code, 0);
  EXPECT_EQ(response.report_id, "250799407");
  EXPECT_EQ(response.file_ids, (std::vector<std::string>{"3a1d4fd4106b82499b7c93442aa7dca4",
                                                         "23eb425911143eadc4987a2b3e221c09"}));
  EXPECT_TRUE(response.file_id.empty());
}

TEST(ParseResponse, ReportDoneResponseWithoutFiles) {
  const Response response = parse_response(
      "<reportDoneResponse><responseCode>1000</responseCode>"
      "<responseDescription>Server error</responseDescription></reportDoneResponse>");
  EXPECT_TRUE(response.done);
  EXPECT_EQ(response.response_code, 1000);
  EXPECT_TRUE(response.file_ids.empty());
  expect_refused("<reportDoneResponse><files><fileId> </fileId></files></reportDoneResponse>",
                 "fileId");
}

TEST(ParseResponse, NonZeroCodesAreReturnedNotThrown) {
  for (const int code : {1000, 1110, 2000, 4100, 5001, 5002, 5101, 5102}) {
    const Response response =
        parse_response("<reportResponse><responseCode>" + std::to_string(code) +
                       "</responseCode></reportResponse>");
    EXPECT_EQ(response.response_code, code);
  }
}

TEST(ParseResponse, MissingCodeIsEmpty) {
  EXPECT_FALSE(parse_response("<reportResponse><reportId>1</reportId></reportResponse>")
                   .response_code.has_value());
}

TEST(ParseResponse, NonIntegerCodeIsRefused) {
  for (const char* code : {"abc", "1.5", "", "12abc", "+0", "0x10", "99999999999", "1 2"}) {
    expect_refused(
        std::string("<reportResponse><responseCode>") + code + "</responseCode></reportResponse>",
        "responseCode");
  }
  expect_refused("<reportResponse><responseCode><b>0</b></responseCode></reportResponse>",
                 "responseCode");
}

TEST(ParseResponse, DoctypeAndEntitiesAreRefused) {
  const std::string billion_laughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<reportResponse><responseCode>0</responseCode><responseDescription>&lol4;</responseDescription></reportResponse>)";
  expect_refused(billion_laughs, "DOCTYPE");
  expect_refused(R"(<!DOCTYPE r SYSTEM "file:///etc/passwd"><reportResponse/>)", "DOCTYPE");
  expect_refused(R"(<!doctype reportResponse><reportResponse/>)", "DOCTYPE");
  expect_refused(R"(<reportResponse><!ENTITY x "y"></reportResponse>)", "ENTITY");
  expect_refused(R"(<reportResponse><!ELEMENT x ANY></reportResponse>)", "declaration");
}

TEST(ParseResponse, UndeclaredEntitiesAreNeverExpanded) {
  // Only the five predefined entities and character references mean anything.
  const Response response = parse_response(
      "<reportResponse><responseDescription>a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42; "
      "&xxe;</responseDescription></reportResponse>");
  EXPECT_EQ(response.description, "a & b <c> \"' AB &xxe;");
}

TEST(ParseResponse, OversizeIsRefusedBeforeParsing) {
  std::string body = kSubmitOk;
  body.append(kMaxResponseBytes - body.size(), ' ');
  EXPECT_EQ(parse_response(body).report_id, "4564654");  // exactly the cap
  body += ' ';
  expect_refused(body, "larger than 65536 bytes");
  // The cap is checked first: even garbage gets the size error.
  expect_refused(std::string(100, '<'), "larger than 10 bytes", 10);
}

TEST(ParseResponse, EmptyBodyIsRefused) {
  expect_refused("", "empty response");
  expect_refused(" \r\n\t", "empty response");
}

TEST(ParseResponse, GarbageIsRefused) {
  for (const std::string& garbage :
       {std::string("not xml"), std::string("<reportResponse>"), std::string("<<<>>>"),
        std::string("<reportResponse></reportrespons>"), std::string("{\"responseCode\": 0}"),
        std::string("<reportResponse>\0</reportResponse>", 35),
        std::string("<reportResponse/><reportResponse/>"),
        std::string("<reportResponse/>trailing text"), std::string("\xff\xfe<\0r\0", 6),
        std::string("<reportResponse>\xc3\x28</reportResponse>")}) {
    EXPECT_THROW((void)parse_response(garbage), response_error) << garbage;
  }
}

// Found by the fuzzer: a character reference decodes to a control character that the
// raw-text check cannot see.
TEST(ParseResponse, ControlCharactersFromCharacterReferencesAreRefused) {
  expect_refused(
      "<reportDoneResponse><responseCode>0</responseCode><reportId>1</reportId>"
      "<files><fileId>b&#06;0A</fileId></files></reportDoneResponse>",
      "fileId holds a character XML does not allow");
  expect_refused(
      "<reportResponse><responseCode>0</responseCode><reportId>&#x1F;1</reportId>"
      "</reportResponse>",
      "reportId holds a character XML does not allow");
}

TEST(ParseResponse, UnexpectedRootIsRefused) {
  expect_refused("<html><body>502 Bad Gateway</body></html>", "root");
  expect_refused("<report><responseCode>0</responseCode></report>", "root");
}

TEST(ParseResponse, RepeatedSingularElementIsRefused) {
  expect_refused("<reportResponse><reportId>1</reportId><reportId>2</reportId></reportResponse>",
                 "reportId");
  expect_refused(
      "<reportResponse><responseCode>0</responseCode><responseCode>5102</responseCode>"
      "</reportResponse>",
      "responseCode");
}

TEST(ParseResponse, ToleratedVariations) {
  // UTF-8 BOM, namespace prefix, CDATA, comments and unknown elements.
  const Response response = parse_response(
      "\xef\xbb\xbf<ns2:reportResponse xmlns:ns2=\"urn:x\"><!-- hi --><ns2:responseCode>0"
      "</ns2:responseCode><reportId><![CDATA[123]]></reportId><future>x</future>"
      "</ns2:reportResponse>");
  EXPECT_EQ(response.response_code, 0);
  EXPECT_EQ(response.report_id, "123");
}

}  // namespace
}  // namespace vigil::portal::cybertipline
