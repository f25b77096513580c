// The <fileDetails> writer: schema order, fileViewedByEsp, hashes, matches, limits and
// enumerations.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cybertipline/enumerations.hpp"
#include "cybertipline/errors.hpp"
#include "cybertipline/file_details_xml.hpp"
#include "xml_support.hpp"

namespace vigil::portal::cybertipline {
namespace {

using nlohmann::json;
using testing::child_names;
using testing::follows_schema_order;
using testing::full_report;
using testing::parse;
using testing::text_at;
using Names = std::vector<std::string>;

json report_with_file(json file) {
  json report = testing::minimal_report();
  report["files"] = json::array({std::move(file)});
  return report;
}

std::string details_for(const json& file) {
  return write_file_details_xml(report_with_file(file), 0, "4564654", "b0754af766b426f2");
}

void expect_refused(const json& file, const std::vector<std::string>& needles) {
  try {
    (void)details_for(file);
    ADD_FAILURE() << "accepted; expected a validation_error mentioning " << needles.front();
  } catch (const validation_error& error) {
    for (const std::string& needle : needles) {
      EXPECT_NE(std::string(error.what()).find(needle), std::string::npos)
          << "message \"" << error.what() << "\" lacks \"" << needle << "\"";
    }
  }
}

TEST(FileDetailsXml, FullFileChildrenAreInSchemaOrder) {
  const auto document = parse(write_file_details_xml(full_report(), 0, "4564654", "f-1"));
  const pugi::xml_node root = document->child("fileDetails");
  ASSERT_TRUE(root);
  const Names names = child_names(root);
  EXPECT_EQ(
      names,
      (Names{"reportId", "fileId", "fileName", "originalFileName", "uploadedToEspTimestamp",
             "locationOfFile", "fileViewedByEsp", "exifViewedByEsp", "publiclyAvailable",
             "fileRelevance", "fileAnnotations", "industryClassification", "originalFileHash",
             "originalFileHash", "originalFileHash", "originalFileHash", "details", "details"}));
  EXPECT_TRUE(follows_schema_order(names, testing::file_details_order()));
  EXPECT_EQ(text_at(root, "reportId"), "4564654");
  EXPECT_EQ(text_at(root, "fileId"), "f-1");
  EXPECT_EQ(text_at(root, "originalFileName"), "holiday.jpg");
  EXPECT_EQ(text_at(root, "uploadedToEspTimestamp"), "2026-11-29T13:59:50.250+01:00");
  EXPECT_EQ(text_at(root, "locationOfFile"), "/var/evidence/abc.jpg");
  EXPECT_EQ(text_at(root, "fileRelevance"), "Reported");
  EXPECT_EQ(text_at(root, "industryClassification"), "A1");
}

TEST(FileDetailsXml, MinimalFileHasIdsAndNotViewed) {
  const auto document = parse(details_for(json::object()));
  const pugi::xml_node root = document->child("fileDetails");
  EXPECT_EQ(child_names(root), (Names{"reportId", "fileId", "fileViewedByEsp"}));
  EXPECT_EQ(text_at(root, "fileViewedByEsp"), "false");
}

TEST(FileDetailsXml, FileViewedByEspIsTrueOnlyWhenAPersonViewedIt) {
  EXPECT_EQ(text_at(parse(details_for({{"viewed_by_person", false}}))->child("fileDetails"),
                    "fileViewedByEsp"),
            "false");
  EXPECT_EQ(text_at(parse(details_for({{"viewed_by_person", nullptr}}))->child("fileDetails"),
                    "fileViewedByEsp"),
            "false");
  EXPECT_EQ(text_at(parse(details_for({{"viewed_by_person", true}}))->child("fileDetails"),
                    "fileViewedByEsp"),
            "true");
  // Other "viewed" flags never leak into fileViewedByEsp.
  EXPECT_EQ(text_at(parse(details_for({{"exif_viewed_by_person", true}}))->child("fileDetails"),
                    "fileViewedByEsp"),
            "false");
  for (const json& bad : {json("true"), json(1), json("yes")}) {
    expect_refused({{"viewed_by_person", bad}}, {"files[0].viewed_by_person"});
  }
}

TEST(FileDetailsXml, HashTypesMapToSchemaNamesInFixedOrder) {
  const auto document = parse(write_file_details_xml(full_report(), 0, "1", "2"));
  std::vector<std::pair<std::string, std::string>> hashes;
  for (const pugi::xml_node& node : document->child("fileDetails").children("originalFileHash")) {
    hashes.emplace_back(node.attribute("hashType").value(), node.text().get());
  }
  const json expected = full_report()["files"][0]["hashes"];
  EXPECT_EQ(hashes,
            (std::vector<std::pair<std::string, std::string>>{{"MD5", expected["md5"]},
                                                              {"SHA1", expected["sha1"]},
                                                              {"SHA256", expected["sha256"]},
                                                              {"PDQ", expected["pdq"]}}));
}

TEST(FileDetailsXml, HexIsCheckedPerTypeAndWrittenLowercase) {
  const auto document =
      parse(details_for({{"hashes", {{"md5", "0123456789ABCDEF0123456789abcdef"}}}}));
  EXPECT_EQ(text_at(document->child("fileDetails"), "originalFileHash"),
            "0123456789abcdef0123456789abcdef");
  const std::string sha256(64, 'a');
  expect_refused({{"hashes", {{"md5", sha256}}}}, {"files[0].hashes.md5", "32 hexadecimal"});
  expect_refused({{"hashes", {{"sha1", std::string(32, 'a')}}}}, {"files[0].hashes.sha1", "40"});
  expect_refused({{"hashes", {{"sha256", std::string(63, 'a')}}}}, {"sha256", "64"});
  expect_refused({{"hashes", {{"pdq", std::string(63, 'a') + "g"}}}}, {"pdq", "64"});
  expect_refused({{"hashes", {{"md5", 12345}}}}, {"files[0].hashes.md5", "string"});
  expect_refused({{"hashes", {{"photodna", "abc"}}}}, {"files[0].hashes", "unsupported"});
  expect_refused({{"hashes", {{"MD5", std::string(32, 'a')}}}}, {"unsupported"});
}

TEST(FileDetailsXml, MatchesBecomeHashDetails) {
  const auto document = parse(write_file_details_xml(full_report(), 0, "1", "2"));
  std::vector<std::vector<std::pair<std::string, std::string>>> details;
  for (const pugi::xml_node& node : document->child("fileDetails").children("details")) {
    EXPECT_STREQ(node.attribute("type").value(), "HASH");
    for (const std::string& name : child_names(node)) EXPECT_EQ(name, "nameValuePair");
    auto& pairs = details.emplace_back();
    for (const pugi::xml_node& pair : node.children("nameValuePair")) {
      EXPECT_EQ(child_names(pair), (Names{"name", "value"}));
      pairs.emplace_back(pair.child("name").text().get(), pair.child("value").text().get());
    }
  }
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[0], (Pairs{{"matched_bank", "ncmec"},
                               {"list_version", "3"},
                               {"entry", "e1"},
                               {"signal_type", "pdq"},
                               {"distance", "4"},
                               {"variant", "rot90"}}));
  EXPECT_EQ(
      details[1],
      (Pairs{
          {"matched_bank", "local"}, {"entry", "e2"}, {"signal_type", "md5"}, {"distance", "0"}}));
}

TEST(FileDetailsXml, MatchFieldsAreChecked) {
  EXPECT_EQ(
      child_names(parse(details_for({{"matches", {{{"unknown", 1}}}}}))->child("fileDetails")),
      (Names{"reportId", "fileId", "fileViewedByEsp"}));
  expect_refused({{"matches", {{{"distance", -1}}}}}, {"files[0].matches[0].distance"});
  expect_refused({{"matches", {{{"bank", true}}}}}, {"files[0].matches[0].bank"});
  expect_refused({{"matches", {{{"distance", 1.5}}}}}, {"files[0].matches[0].distance"});
  expect_refused({{"matches", {"ncmec"}}}, {"files[0].matches[0]", "object"});
}

TEST(FileDetailsXml, EnumerationsAreExact) {
  for (const std::string_view relevance : kFileRelevances) {
    EXPECT_EQ(text_at(parse(details_for({{"relevance", relevance}}))->child("fileDetails"),
                      "fileRelevance"),
              relevance);
  }
  expect_refused({{"relevance", "reported"}}, {"files[0].relevance", "fileRelevance"});
  expect_refused({{"relevance", "Supplemental"}}, {"fileRelevance"});
  for (const std::string_view classification : kIndustryClassifications) {
    EXPECT_EQ(
        text_at(
            parse(details_for({{"industry_classification", classification}}))->child("fileDetails"),
            "industryClassification"),
        classification);
  }
  for (const char* bad : {"a1", "C1", "A3", "A1 "}) {
    expect_refused({{"industry_classification", bad}},
                   {"files[0].industry_classification", "industryClassification"});
  }
}

TEST(FileDetailsXml, FileAnnotationsAreExactOnceEachInSchemaOrder) {
  for (const std::string_view flag : kFileAnnotations) {
    const auto document = parse(details_for({{"annotations", {flag}}}));
    EXPECT_EQ(child_names(document->child("fileDetails").child("fileAnnotations")),
              (Names{std::string(flag)}));
  }
  const auto document = parse(
      details_for({{"annotations", {"generativeAi", "viral", "generativeAi", "potentialMeme"}}}));
  EXPECT_EQ(child_names(document->child("fileDetails").child("fileAnnotations")),
            (Names{"potentialMeme", "viral", "generativeAi"}));
  expect_refused({{"annotations", {"GenerativeAI"}}},
                 {"files[0].annotations[0]", "fileAnnotations"});
  expect_refused({{"annotations", "generativeAi"}}, {"files[0].annotations", "array"});
}

TEST(FileDetailsXml, FieldLimitsAcceptExactlyTheLimitAndRefuseOneMore) {
  struct Case {
    const char* key;
    const char* xml_name;
    std::size_t limit;
  };
  for (const Case& c : {Case{"original_file_name", "originalFileName", 2056},
                        Case{"location", "locationOfFile", 2083}}) {
    SCOPED_TRACE(c.xml_name);
    const auto document = parse(details_for({{c.key, std::string(c.limit, 'n')}}));
    EXPECT_EQ(text_at(document->child("fileDetails"), c.xml_name).size(), c.limit);
    expect_refused({{c.key, std::string(c.limit + 1, 'n')}},
                   {c.xml_name, std::to_string(c.limit), std::string("files[0].") + c.key});
  }
}

TEST(FileDetailsXml, IdsAndIndexAreChecked) {
  const json report = report_with_file(json::object());
  EXPECT_THROW((void)write_file_details_xml(report, 1, "1", "2"), validation_error);
  EXPECT_THROW((void)write_file_details_xml(testing::minimal_report(), 0, "1", "2"),
               validation_error);
  EXPECT_THROW((void)write_file_details_xml(report, 0, "", "2"), validation_error);
  EXPECT_THROW((void)write_file_details_xml(report, 0, "1", ""), validation_error);
  EXPECT_THROW((void)write_file_details_xml(report, 0, "1\x01", "2"), validation_error);
  const auto document = parse(write_file_details_xml(report, 0, "<id&>", "2"));
  EXPECT_EQ(text_at(document->child("fileDetails"), "reportId"), "<id&>");
}

TEST(FileDetailsXml, TimestampIsChecked) {
  expect_refused({{"uploaded_at", "yesterday"}},
                 {"files[0].uploaded_at", "uploadedToEspTimestamp"});
  expect_refused({{"uploaded_at", "2026-02-29T00:00:00Z"}}, {"uploadedToEspTimestamp"});
}

}  // namespace
}  // namespace vigil::portal::cybertipline
