// The <report> writer: schema order, defaults, escaping, limits, enumerations, required
// fields. Output is always read back with pugixml, never compared as raw text alone.
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cybertipline/enumerations.hpp"
#include "cybertipline/errors.hpp"
#include "cybertipline/report_xml.hpp"
#include "xml_support.hpp"

namespace vigil::portal::cybertipline {
namespace {

using nlohmann::json;
using testing::child_names;
using testing::follows_schema_order;
using testing::full_report;
using testing::minimal_report;
using testing::parse;
using testing::sample_person;
using testing::text_at;
using Names = std::vector<std::string>;

// Expects validation_error whose message contains every one of `needles`.
void expect_refused(const json& report, const ReportingPerson& person,
                    const std::vector<std::string>& needles) {
  try {
    (void)write_report_xml(report, person);
    ADD_FAILURE() << "accepted; expected a validation_error mentioning " << needles.front();
  } catch (const validation_error& error) {
    for (const std::string& needle : needles) {
      EXPECT_NE(std::string(error.what()).find(needle), std::string::npos)
          << "message \"" << error.what() << "\" lacks \"" << needle << "\"";
    }
  }
}

void expect_refused(const json& report, const std::vector<std::string>& needles) {
  expect_refused(report, sample_person(), needles);
}

TEST(ReportXml, FullReportChildrenAreInSchemaOrder) {
  const auto document = parse(write_report_xml(full_report(), sample_person()));
  const pugi::xml_node report = document->child("report");
  ASSERT_TRUE(report);
  const Names top = child_names(report);
  EXPECT_EQ(top, (Names{"incidentSummary", "internetDetails", "reporter", "personOrUserReported",
                        "additionalInfo"}));
  EXPECT_TRUE(follows_schema_order(top, testing::report_order()));

  const Names summary = child_names(report.child("incidentSummary"));
  EXPECT_EQ(summary, testing::incident_summary_order());

  const Names reporter = child_names(report.child("reporter"));
  EXPECT_EQ(reporter, (Names{"reportingPerson"}));
  EXPECT_EQ(child_names(report.child("reporter").child("reportingPerson")),
            (Names{"firstName", "lastName", "email"}));

  const Names person = child_names(report.child("personOrUserReported"));
  EXPECT_EQ(person,
            (Names{"espIdentifier", "espService", "screenName", "displayName", "profileUrl",
                   "ipCaptureEvent", "deviceId", "priorCTReports", "priorCTReports",
                   "accountTemporarilyDisabled", "accountPermanentlyDisabled", "additionalInfo"}));
  EXPECT_TRUE(follows_schema_order(person, testing::person_or_user_reported_order()));
  EXPECT_EQ(child_names(report.child("personOrUserReported").child("ipCaptureEvent")),
            testing::ip_capture_event_order());
}

TEST(ReportXml, ReporterOptionalFieldsFollowReportingPerson) {
  ReportingPerson person = sample_person();
  person.company_template = "template";
  person.terms_of_service = "https://example.com/tos";
  person.legal_url = "https://example.com/legal";
  const auto document = parse(write_report_xml(minimal_report(), person));
  const Names reporter = child_names(document->child("report").child("reporter"));
  EXPECT_EQ(reporter, (Names{"reportingPerson", "companyTemplate", "termsOfService", "legalURL"}));
  EXPECT_TRUE(follows_schema_order(reporter, testing::reporter_order()));
}

TEST(ReportXml, FullReportValues) {
  const auto document = parse(write_report_xml(full_report(), sample_person()));
  const pugi::xml_node report = document->child("report");
  EXPECT_EQ(text_at(report, "incidentSummary/incidentDateTime"), "2026-11-29T13:59:58Z");
  EXPECT_EQ(text_at(report, "internetDetails/webPageIncident/url"), "https://example.com/post/1");
  EXPECT_FALSE(report.first_element_by_path("internetDetails/webPageIncident/additionalInfo"));
  EXPECT_EQ(text_at(report, "reporter/reportingPerson/email"), "trust@example.com");
  EXPECT_EQ(text_at(report, "personOrUserReported/ipCaptureEvent/ipAddress"), "203.0.113.5");
  EXPECT_EQ(text_at(report, "personOrUserReported/ipCaptureEvent/port"), "443");
  EXPECT_EQ(text_at(report, "personOrUserReported/ipCaptureEvent/possibleProxy"), "false");
  EXPECT_EQ(text_at(report, "personOrUserReported/accountPermanentlyDisabled"), "true");
  EXPECT_EQ(text_at(report, "personOrUserReported/deviceId/idType"), "Device ID");
  EXPECT_EQ(text_at(report, "personOrUserReported/deviceId/idValue"), "device-1");
  std::vector<std::string> prior;
  for (const pugi::xml_node& node :
       report.child("personOrUserReported").children("priorCTReports")) {
    prior.emplace_back(node.text().get());
  }
  EXPECT_EQ(prior, (Names{"12345", "67890"}));
  EXPECT_EQ(text_at(report, "additionalInfo"), "Vigil case: case-123\nAutomatic report");
}

TEST(ReportXml, MinimalReportGetsDefaults) {
  const auto document = parse(write_report_xml(minimal_report(), sample_person()));
  const pugi::xml_node report = document->child("report");
  EXPECT_EQ(child_names(report),
            (Names{"incidentSummary", "internetDetails", "reporter", "additionalInfo"}));
  EXPECT_EQ(child_names(report.child("incidentSummary")),
            (Names{"incidentType", "incidentDateTime"}));
  EXPECT_EQ(text_at(report, "incidentSummary/incidentType"),
            "Child Pornography (possession, manufacture, and distribution)");
  EXPECT_EQ(child_names(report.child("internetDetails")), (Names{"webPageIncident"}));
  EXPECT_EQ(text_at(report, "internetDetails/webPageIncident/additionalInfo"),
            "Uploaded to the reporting platform");
  EXPECT_EQ(text_at(report, "additionalInfo"), "Vigil case: case-123");
}

TEST(ReportXml, UploaderWithoutFieldsWritesNoPerson) {
  json report = minimal_report();
  report["uploader"] = json::object({{"screen_name", ""}, {"prior_reports", json::array()}});
  const auto document = parse(write_report_xml(report, sample_person()));
  EXPECT_FALSE(document->child("report").child("personOrUserReported"));
}

TEST(ReportXml, UnknownKeysAreIgnored) {
  json report = full_report();
  const std::string expected = write_report_xml(report, sample_person());
  report["future_field"] = {{"x", 1}};
  report["incident"]["future"] = true;
  report["uploader"]["future"] = json::array({1, 2});
  EXPECT_EQ(write_report_xml(report, sample_person()), expected);
}

TEST(ReportXml, HostileTextIsEscapedAndReadsBackExactly) {
  const std::string hostile = "</platform></incidentSummary></report><x a=\"1\">'&amp;\"";
  json report = minimal_report();
  report["incident"]["platform"] = hostile;
  report["additional_info"] = "a & b < c > d \"q\" 'a' ]]> <!-- x -->";
  report["uploader"] = {{"screen_name", "<script>alert('x')</script>"}};
  const std::string xml = write_report_xml(report, sample_person());
  EXPECT_EQ(xml.find("<x"), std::string::npos);
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  const auto document = parse(xml);
  const pugi::xml_node root = document->child("report");
  EXPECT_EQ(child_names(root), (Names{"incidentSummary", "internetDetails", "reporter",
                                      "personOrUserReported", "additionalInfo"}));
  EXPECT_EQ(text_at(root, "incidentSummary/platform"), hostile);
  EXPECT_EQ(text_at(root, "personOrUserReported/screenName"), "<script>alert('x')</script>");
  EXPECT_EQ(text_at(root, "additionalInfo"),
            "Vigil case: case-123\na & b < c > d \"q\" 'a' ]]> <!-- x -->");
}

TEST(ReportXml, TabLineFeedAndCarriageReturnSurviveReading) {
  json report = minimal_report();
  report["incident"]["description"] = "line1\r\nline2\ttab\rend";
  const auto document = parse(write_report_xml(report, sample_person()));
  EXPECT_EQ(text_at(document->child("report"), "incidentSummary/incidentDateTimeDescription"),
            "line1\r\nline2\ttab\rend");
}

TEST(ReportXml, ControlCharactersAreRefused) {
  for (const std::string& bad :
       {std::string("a\x01z"), std::string("a\0z", 3), std::string("\x1b[31m"),
        std::string("a\x7fz"), std::string("a\xc2\x85z"), std::string("a\xef\xbf\xbez")}) {
    json report = minimal_report();
    report["incident"]["platform"] = bad;
    expect_refused(report, {"incident.platform", "platform"});
  }
}

TEST(ReportXml, InvalidUtf8IsRefused) {
  for (const std::string bad : {"\xc3\x28", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82",
                                "\xf4\x90\x80\x80", "\xff", "abc\x80"}) {
    json report = minimal_report();
    // nlohmann stores the bytes as given; the writer is the line of defence.
    report["uploader"] = {{"display_name", bad}};
    expect_refused(report, {"uploader.display_name", "UTF-8"});
  }
}

TEST(ReportXml, ValidMultibyteTextIsKept) {
  json report = minimal_report();
  report["incident"]["platform"] = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
  const auto document = parse(write_report_xml(report, sample_person()));
  EXPECT_EQ(text_at(document->child("report"), "incidentSummary/platform"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(ReportXml, ErrorMessagesNeverContainTheValue) {
  json report = minimal_report();
  report["uploader"] = {{"screen_name", "SECRETNAME" + std::string(300, 'x')}};
  try {
    (void)write_report_xml(report, sample_person());
    FAIL() << "accepted";
  } catch (const validation_error& error) {
    EXPECT_EQ(std::string(error.what()).find("SECRET"), std::string::npos);
  }
  report["uploader"] = {{"ip_address", "198.51.100.999"}};
  try {
    (void)write_report_xml(report, sample_person());
    FAIL() << "accepted";
  } catch (const validation_error& error) {
    EXPECT_EQ(std::string(error.what()).find("198.51"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("ipAddress"), std::string::npos);
  }
}

// Field limits on <report>: at the limit accepted, one more refused naming field and limit.
struct LimitCase {
  const char* xml_name;
  std::size_t limit;
  std::function<void(json&, ReportingPerson&, const std::string&)> set;
};

std::vector<LimitCase> report_limits() {
  return {
      {"platform", 256,
       [](json& r, ReportingPerson&, const std::string& v) { r["incident"]["platform"] = v; }},
      {"escalateToHighPriority", 3000,
       [](json& r, ReportingPerson&, const std::string& v) {
         r["incident"]["escalate_to_high_priority"] = v;
       }},
      {"incidentDateTimeDescription", 3000,
       [](json& r, ReportingPerson&, const std::string& v) { r["incident"]["description"] = v; }},
      {"screenName", 256,
       [](json& r, ReportingPerson&, const std::string& v) { r["uploader"]["screen_name"] = v; }},
      {"espIdentifier", 256,
       [](json& r, ReportingPerson&, const std::string& v) {
         r["uploader"]["esp_identifier"] = v;
       }},
      {"firstName", 100, [](json&, ReportingPerson& p, const std::string& v) { p.first_name = v; }},
      {"lastName", 100, [](json&, ReportingPerson& p, const std::string& v) { p.last_name = v; }},
      {"legalURL", 2083, [](json&, ReportingPerson& p, const std::string& v) { p.legal_url = v; }},
  };
}

TEST(ReportXml, FieldLimitsAcceptExactlyTheLimitAndRefuseOneMore) {
  for (const LimitCase& c : report_limits()) {
    SCOPED_TRACE(c.xml_name);
    json report = minimal_report();
    ReportingPerson person = sample_person();
    c.set(report, person, std::string(c.limit, 'a'));
    const auto document = parse(write_report_xml(report, person));
    const pugi::xml_node found = document->child("report").find_node(
        [&](const pugi::xml_node& n) { return std::string(n.name()) == c.xml_name; });
    ASSERT_TRUE(found);
    EXPECT_EQ(std::string(found.text().get()).size(), c.limit);

    json over = minimal_report();
    ReportingPerson over_person = sample_person();
    c.set(over, over_person, std::string(c.limit + 1, 'a'));
    expect_refused(over, over_person, {c.xml_name, std::to_string(c.limit)});
  }
}

TEST(ReportXml, FieldLimitsCountCharactersNotBytes) {
  json report = minimal_report();
  std::string two_byte;
  for (int i = 0; i < 256; ++i) two_byte += "\xc3\xa9";  // 256 characters, 512 bytes
  report["incident"]["platform"] = two_byte;
  EXPECT_NO_THROW((void)write_report_xml(report, sample_person()));
  report["incident"]["platform"] = two_byte + "\xc3\xa9";
  expect_refused(report, {"platform", "256"});
}

TEST(ReportXml, IncidentTypesAreExact) {
  for (const std::string_view type : kIncidentTypes) {
    json report = minimal_report();
    report["incident"]["type"] = type;
    const auto document = parse(write_report_xml(report, sample_person()));
    EXPECT_EQ(text_at(document->child("report"), "incidentSummary/incidentType"), type);
  }
  for (const std::string bad : {"child sex trafficking", "Child Sex Trafficking ",
                                "Online Enticement of Children for Sexual Act", "Other"}) {
    json report = minimal_report();
    report["incident"]["type"] = bad;
    expect_refused(report, {"incident.type", "incidentType", "must be one of"});
  }
}

TEST(ReportXml, IpEventNamesAreExact) {
  for (const std::string_view event : kIpEventNames) {
    json report = minimal_report();
    report["uploader"] = {{"ip_address", "2001:db8::1"}, {"ip_event", event}};
    const auto document = parse(write_report_xml(report, sample_person()));
    EXPECT_EQ(text_at(document->child("report"), "personOrUserReported/ipCaptureEvent/eventName"),
              event);
  }
  json report = minimal_report();
  report["uploader"] = {{"ip_address", "2001:db8::1"}, {"ip_event", "upload"}};
  expect_refused(report, {"uploader.ip_event", "eventName"});
}

TEST(ReportXml, ReportAnnotationsAreExactOnceEachInSchemaOrder) {
  json report = minimal_report();
  report["incident"]["annotations"] = {"informational", "spam", "sextortion", "spam"};
  const auto document = parse(write_report_xml(report, sample_person()));
  EXPECT_EQ(
      child_names(document->child("report").child("incidentSummary").child("reportAnnotations")),
      (Names{"sextortion", "spam", "informational"}));
  report["incident"]["annotations"] = {"Spam"};
  expect_refused(report, {"incident.annotations[0]", "reportAnnotations"});
  report["incident"]["annotations"] = {1};
  expect_refused(report, {"incident.annotations[0]"});
}

TEST(ReportXml, PortBounds) {
  for (const int good : {1, 443, 65535}) {
    json report = minimal_report();
    report["uploader"] = {{"ip_address", "203.0.113.5"}, {"port", good}};
    const auto document = parse(write_report_xml(report, sample_person()));
    EXPECT_EQ(text_at(document->child("report"), "personOrUserReported/ipCaptureEvent/port"),
              std::to_string(good));
  }
  for (const json& bad : {json(0), json(65536), json(-1), json("443"), json(443.0), json(true)}) {
    json report = minimal_report();
    report["uploader"] = {{"ip_address", "203.0.113.5"}, {"port", bad}};
    expect_refused(report, {"uploader.port"});
  }
}

TEST(ReportXml, IpCaptureEventNeedsAValidAddress) {
  json report = minimal_report();
  report["uploader"] = {{"ip_event", "Login"}};
  expect_refused(report, {"uploader.ip_address", "ipAddress", "required"});
  for (const char* bad : {"203.0.113", "not an ip", "203.0.113.5:443", "::g"}) {
    report["uploader"] = {{"ip_address", bad}};
    expect_refused(report, {"ipAddress"});
  }
  report["uploader"] = {{"ip_address", "203.0.113.5"}, {"ip_time", "2026-11-29 13:59:58"}};
  expect_refused(report, {"uploader.ip_time", "dateTime"});
}

TEST(ReportXml, RequiredFieldsAreEnforced) {
  json report = minimal_report();
  report.erase("case_id");
  expect_refused(report, {"case_id", "required"});
  report["case_id"] = "";
  expect_refused(report, {"case_id", "required"});
  report["case_id"] = 7;
  expect_refused(report, {"case_id", "string"});

  report = minimal_report();
  report.erase("incident");
  expect_refused(report, {"incident", "required"});
  report = minimal_report();
  report["incident"].erase("time");
  expect_refused(report, {"incident.time", "incidentDateTime"});
  report["incident"]["time"] = "2026-11-29T13:59:58";  // no zone
  expect_refused(report, {"incident.time", "incidentDateTime"});

  for (auto clear : std::vector<std::function<void(ReportingPerson&)>>{
           [](ReportingPerson& p) { p.first_name.clear(); },
           [](ReportingPerson& p) { p.last_name.clear(); },
           [](ReportingPerson& p) { p.email.clear(); }}) {
    ReportingPerson person = sample_person();
    clear(person);
    expect_refused(minimal_report(), person, {"reporting_person", "required"});
  }
  ReportingPerson person = sample_person();
  person.email = "no-at-sign";
  expect_refused(minimal_report(), person, {"reporting_person.email"});
}

TEST(ReportXml, WrongJsonTypesAreRefused) {
  EXPECT_THROW((void)write_report_xml(json::array(), sample_person()), validation_error);
  json report = minimal_report();
  report["incident"]["platform"] = 5;
  expect_refused(report, {"incident.platform", "string"});
  report = minimal_report();
  report["uploader"] = "user-42";
  expect_refused(report, {"uploader", "object"});
  report = minimal_report();
  report["uploader"] = {{"possible_proxy", "false"}, {"ip_address", "203.0.113.5"}};
  expect_refused(report, {"uploader.possible_proxy"});
}

TEST(ReportXml, SchemaTagMustMatchWhenPresent) {
  json report = minimal_report();
  report["schema"] = "vigil.report/2";
  expect_refused(report, {"schema"});
  report["schema"] = "vigil.report/1";
  EXPECT_NO_THROW((void)write_report_xml(report, sample_person()));
}

TEST(ReportXml, DeviceIdObjectAndPriorReports) {
  json report = minimal_report();
  report["uploader"] = {{"device_id", {{"type", "IMEI"}, {"value", "490154203237518"}}},
                        {"prior_reports", {1, "2"}}};
  const auto document = parse(write_report_xml(report, sample_person()));
  const pugi::xml_node root = document->child("report");
  EXPECT_EQ(text_at(root, "personOrUserReported/deviceId/idType"), "IMEI");
  EXPECT_EQ(text_at(root, "personOrUserReported/deviceId/idValue"), "490154203237518");
  report["uploader"] = {{"prior_reports", {true}}};
  expect_refused(report, {"uploader.prior_reports[0]", "priorCTReports"});
  report["uploader"] = {{"prior_reports", {-5}}};
  expect_refused(report, {"uploader.prior_reports[0]"});
}

TEST(ReportXml, AnInvalidFileEntryRefusesTheWholeReport) {
  json report = full_report();
  report["files"][0]["relevance"] = "Primary";
  expect_refused(report, {"files[0].relevance", "fileRelevance"});
  report = full_report();
  report["files"][0]["viewed_by_person"] = "yes";
  expect_refused(report, {"files[0].viewed_by_person"});
}

}  // namespace
}  // namespace vigil::portal::cybertipline
