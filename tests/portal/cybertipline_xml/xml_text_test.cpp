// Character rules, escaping, the element writer and the xs:dateTime profile.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "cybertipline/errors.hpp"
#include "cybertipline/xml_text.hpp"
#include "cybertipline/xml_writer.hpp"
#include "cybertipline/xs_datetime.hpp"
#include "xml_support.hpp"

namespace vigil::portal::cybertipline {
namespace {

TEST(XmlText, CountsCodePoints) {
  EXPECT_EQ(check_xml_text("", "f"), 0u);
  EXPECT_EQ(check_xml_text("abc", "f"), 3u);
  EXPECT_EQ(check_xml_text("caf\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "f"), 6u);
  EXPECT_EQ(check_xml_text("\t\r\n", "f"), 3u);
}

TEST(XmlText, RefusalNamesFieldAndCharacterNotText) {
  try {
    (void)check_xml_text("secret\x07", "screenName");
    FAIL();
  } catch (const validation_error& error) {
    EXPECT_STREQ(error.what(), "screenName: character U+0007 is not allowed");
  }
  try {
    (void)check_xml_text("secret\xc3", "screenName");
    FAIL();
  } catch (const validation_error& error) {
    EXPECT_STREQ(error.what(), "screenName: not valid UTF-8 (byte 6)");
  }
}

TEST(XmlText, PoliciesDifferOnlyOnDelAndC1) {
  EXPECT_TRUE(find_text_problem("a\x7f", text_policy::outgoing));
  EXPECT_FALSE(find_text_problem("a\x7f", text_policy::xml10));
  EXPECT_TRUE(find_text_problem("\xc2\x9f", text_policy::outgoing));
  EXPECT_FALSE(find_text_problem("\xc2\x9f", text_policy::xml10));
  EXPECT_FALSE(find_text_problem("\xc2\xa0", text_policy::outgoing));  // NBSP is fine
  EXPECT_TRUE(find_text_problem("\x01", text_policy::xml10));
  EXPECT_TRUE(find_text_problem("\xef\xbf\xbf", text_policy::xml10));       // U+FFFF
  EXPECT_FALSE(find_text_problem("\xf4\x8f\xbf\xbd", text_policy::xml10));  // U+10FFFD
}

TEST(XmlText, Escaping) {
  std::string text;
  append_escaped_text(text, "<a href=\"x\">&'\r\n\t");
  EXPECT_EQ(text, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\n\t");
  std::string attribute;
  append_escaped_attribute(attribute, "\"&\t\n\r");
  EXPECT_EQ(attribute, "&quot;&amp;&#9;&#10;&#13;");
}

TEST(XmlWriter, WritesNestedDocumentThatReadsBack) {
  xml_writer out("root", {{"a", "x\"<y>\t"}});
  out.open("outer");
  out.text_element("leaf", "1 < 2", {{"kind", "t&t"}});
  out.empty_element("flag");
  out.close();
  out.text_element("empty", "");
  const std::string xml = std::move(out).finish();
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root a=\"x&quot;&lt;y&gt;&#9;\">"
            "<outer><leaf kind=\"t&amp;t\">1 &lt; 2</leaf><flag/></outer><empty></empty></root>");
  const auto document = testing::parse(xml);
  EXPECT_STREQ(document->child("root").attribute("a").value(), "x\"<y>\t");
}

TEST(XmlWriter, RefusesBadTextNamingTheElement) {
  xml_writer out("root");
  try {
    out.text_element("screenName", "a\x01");
    FAIL();
  } catch (const validation_error& error) {
    EXPECT_NE(std::string(error.what()).find("screenName"), std::string::npos);
  }
  EXPECT_THROW(out.open("x", {{"attr", "\xff"}}), validation_error);
}

TEST(XmlWriter, MisuseIsALogicError) {
  EXPECT_THROW(xml_writer("1bad"), std::logic_error);
  EXPECT_THROW(xml_writer("a b"), std::logic_error);
  EXPECT_THROW(xml_writer("x></x"), std::logic_error);
  xml_writer out("root");
  EXPECT_THROW(out.close(), std::logic_error);
  EXPECT_THROW(out.text_element("a<b", "x"), std::logic_error);
  out.open("child");
  EXPECT_THROW((void)std::move(out).finish(), std::logic_error);
}

TEST(XsDateTime, AcceptsTheProfile) {
  for (const char* good :
       {"2026-11-29T13:59:58Z", "2026-11-29T13:59:58.1Z", "2026-11-29T13:59:58.123456789Z",
        "2026-11-29T13:59:58+01:00", "2026-11-29T13:59:58-05:30", "2024-02-29T00:00:00Z",
        "2000-02-29T23:59:59+14:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59Z"}) {
    EXPECT_TRUE(is_xs_datetime(good)) << good;
  }
}

TEST(XsDateTime, RefusesEverythingElse) {
  for (const char* bad : {"",
                          "2026-11-29T13:59:58",
                          "2026-11-29 13:59:58Z",
                          "2026-11-29t13:59:58Z",
                          "2026-11-29T13:59:58z",
                          "2023-02-29T00:00:00Z",
                          "1900-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-01T00:00:00Z",
                          "0000-01-01T00:00:00Z",
                          "2026-11-29T24:00:00Z",
                          "2026-11-29T23:60:00Z",
                          "2026-11-29T23:59:60Z",
                          "2026-11-29T13:59:58.Z",
                          "2026-11-29T13:59:58+14:30",
                          "2026-11-29T13:59:58+15:00",
                          "2026-11-29T13:59:58+1:00",
                          "2026-11-29T13:59:58+0100",
                          "2026-11-29T13:59:58+01:60",
                          "2026-11-29T13:59:58Z ",
                          " 2026-11-29T13:59:58Z",
                          "26-11-29T13:59:58Z",
                          "2026-11-29T13:59Z",
                          "+2026-11-29T13:59:58Z",
                          "2026-1a-29T13:59:58Z"}) {
    EXPECT_FALSE(is_xs_datetime(bad)) << bad;
  }
}

}  // namespace
}  // namespace vigil::portal::cybertipline
