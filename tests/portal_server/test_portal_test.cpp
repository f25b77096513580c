// The test portal exercised through real HTTP (httplib::Client and raw sockets): the
// protocol of docs/cybertipline.md, expiry, and every fault the reporter's tests rely on.
#include "test_portal.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace vigil::testing {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;

constexpr char kSummary[] =
    "<incidentSummary>"
    "<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>"
    "<platform>Example uploads</platform>"
    "<incidentDateTime>2024-05-01T12:00:00Z</incidentDateTime>"
    "</incidentSummary>";
constexpr char kInternetDetails[] =
    "<internetDetails><webPageIncident><url>https://example.com/u/1</url>"
    "</webPageIncident></internetDetails>";
constexpr char kReporter[] =
    "<reporter><reportingPerson><firstName>Test</firstName><lastName>Operator</lastName>"
    "<email>ops@example.com</email></reportingPerson></reporter>";

std::string report_xml(const std::string& case_id) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><report>") + kSummary +
         kInternetDetails + kReporter +
         "<personOrUserReported><espIdentifier>user-7</espIdentifier>"
         "<ipCaptureEvent><ipAddress>192.0.2.7</ipAddress><eventName>Upload</eventName>"
         "</ipCaptureEvent></personOrUserReported>"
         "<additionalInfo>Automatic report\nVigil case: " +
         case_id + "\n</additionalInfo></report>";
}

std::string file_details_xml(const std::string& report_id, const std::string& file_id) {
  return "<fileDetails><reportId>" + report_id + "</reportId><fileId>" + file_id +
         "</fileId><originalFileName>cat.png</originalFileName>"
         "<fileViewedByEsp>false</fileViewedByEsp><publiclyAvailable>false</publiclyAvailable>"
         "<fileRelevance>Reported</fileRelevance>"
         "<originalFileHash hashType=\"MD5\">d41d8cd98f00b204e9800998ecf8427e</originalFileHash>"
         "</fileDetails>";
}

std::string md5_of(const std::string& bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_md5(), nullptr);
  std::string hex;
  char pair[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(pair, sizeof(pair), "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

// The fields of a <reportResponse> or <reportDoneResponse>.
struct Reply {
  int http_status = 0;
  std::string request_id;
  std::string body;
  std::string root;
  int code = -1;
  std::string description, report_id, file_id, hash;
  std::vector<std::string> done_files;
};

Reply reply_of(const httplib::Result& result) {
  Reply reply;
  if (!result) {
    ADD_FAILURE() << "no HTTP response: " << httplib::to_string(result.error());
    return reply;
  }
  reply.http_status = result->status;
  reply.request_id = result->get_header_value("Request-ID");
  reply.body = result->body;
  pugi::xml_document document;
  if (!document.load_string(result->body.c_str())) return reply;
  const pugi::xml_node root = document.document_element();
  reply.root = root.name();
  reply.code = root.child("responseCode").text().as_int(-1);
  reply.description = root.child_value("responseDescription");
  reply.report_id = root.child_value("reportId");
  reply.file_id = root.child_value("fileId");
  reply.hash = root.child_value("hash");
  for (pugi::xml_node id : root.child("files").children("fileId")) {
    reply.done_files.push_back(id.child_value());
  }
  return reply;
}

// Unix ms that moves only when a test says so.
struct FakeClock {
  std::shared_ptr<std::atomic<std::int64_t>> now =
      std::make_shared<std::atomic<std::int64_t>>(1'700'000'000'000);
  std::function<std::int64_t()> function() const {
    return [now = now] { return now->load(); };
  }
  void advance(std::int64_t ms) const { *now += ms; }
};

// Clears the observer when it goes out of scope: declare it after the locals the observer
// captures, so the locals outlive every observer call.
class ObserverGuard {
 public:
  explicit ObserverGuard(TestPortal& portal) : portal_(portal) {}
  ~ObserverGuard() { portal_.on_call({}); }
  ObserverGuard(const ObserverGuard&) = delete;
  ObserverGuard& operator=(const ObserverGuard&) = delete;

 private:
  TestPortal& portal_;
};

class TestPortalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestPortalOptions options;
    options.clock = clock_.function();
    portal_ = std::make_unique<TestPortal>(options);
    portal_->start();
  }

  std::unique_ptr<httplib::Client> client(const std::string& user = "vigil-test",
                                          const std::string& password = "test-password") {
    auto http = std::make_unique<httplib::Client>("127.0.0.1", portal_->port());
    if (!user.empty()) http->set_basic_auth(user.c_str(), password.c_str());
    http->set_connection_timeout(2);
    http->set_read_timeout(5);
    return http;
  }

  Reply status() { return reply_of(client()->Get("/ispws/status")); }
  Reply submit(const std::string& xml) {
    return reply_of(client()->Post("/ispws/submit", xml, "text/xml; charset=utf-8"));
  }
  Reply upload(const std::string& report_id, const std::string& bytes,
               const std::string& name = "benign.png") {
    const httplib::MultipartFormDataItems items{{"id", report_id, "", ""},
                                                {"file", bytes, name, "image/png"}};
    return reply_of(client()->Post("/ispws/upload", items));
  }
  Reply fileinfo(const std::string& xml) {
    return reply_of(client()->Post("/ispws/fileinfo", xml, "text/xml; charset=utf-8"));
  }
  Reply finish(const std::string& report_id) {
    return reply_of(client()->Post("/ispws/finish", httplib::Params{{"id", report_id}}));
  }
  Reply retract(const std::string& report_id) {
    return reply_of(client()->Post("/ispws/retract", httplib::Params{{"id", report_id}}));
  }
  std::string open_report(const std::string& case_id = "case-1") {
    const Reply reply = submit(report_xml(case_id));
    EXPECT_EQ(reply.code, 0) << reply.body;
    return reply.report_id;
  }
  PortalReport report(const std::string& report_id) {
    for (const PortalReport& r : portal_->reports()) {
      if (r.report_id == report_id) return r;
    }
    ADD_FAILURE() << "no report " << report_id;
    return {};
  }

  FakeClock clock_;
  std::unique_ptr<TestPortal> portal_;
};

// A raw TCP connection to the portal, to see exactly which bytes (if any) come back.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~RawConnection() { close_now(); }
  void close_now() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  bool connected() const { return connected_; }
  void send_all(const std::string& bytes) {
    ASSERT_EQ(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  // Everything until the peer closes (or 5 s pass); `closed` tells which.
  std::string read_all(bool& closed) {
    std::string out;
    char buffer[4096];
    while (true) {
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) {
        closed = n == 0 || errno == ECONNRESET;
        return out;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

std::string basic_auth_header() {
  return "Authorization: Basic dmlnaWwtdGVzdDp0ZXN0LXBhc3N3b3Jk\r\n";  // vigil-test:test-password
}

TEST_F(TestPortalTest, HappyPathFilesOneReportWithTwoFiles) {
  const Reply up = status();
  EXPECT_EQ(up.http_status, 200);
  EXPECT_EQ(up.code, 0);

  const Reply opened = submit(report_xml("case-42"));
  ASSERT_EQ(opened.http_status, 200);
  ASSERT_EQ(opened.code, 0) << opened.body;
  EXPECT_EQ(opened.root, "reportResponse");
  EXPECT_EQ(opened.report_id, "100000");

  const std::string first = "benign test image one";
  const std::string second(70'000, '\x42');
  const Reply up1 = upload(opened.report_id, first, "one.png");
  const Reply up2 = upload(opened.report_id, second, "two.png");
  ASSERT_EQ(up1.code, 0) << up1.body;
  ASSERT_EQ(up2.code, 0) << up2.body;
  EXPECT_EQ(up1.hash, md5_of(first));
  EXPECT_EQ(up2.hash, md5_of(second));
  EXPECT_EQ(up1.report_id, opened.report_id);
  EXPECT_FALSE(up1.file_id.empty());
  EXPECT_NE(up1.file_id, up2.file_id);

  EXPECT_EQ(fileinfo(file_details_xml(opened.report_id, up1.file_id)).code, 0);
  EXPECT_EQ(fileinfo(file_details_xml(opened.report_id, up2.file_id)).code, 0);
  EXPECT_EQ(portal_->finished_count("case-42"), 0u);

  const Reply done = finish(opened.report_id);
  EXPECT_EQ(done.http_status, 200);
  EXPECT_EQ(done.root, "reportDoneResponse");
  EXPECT_EQ(done.code, 0);
  EXPECT_EQ(done.report_id, opened.report_id);
  EXPECT_EQ(done.done_files, (std::vector<std::string>{up1.file_id, up2.file_id}));
  EXPECT_EQ(portal_->finished_count("case-42"), 1u);
  EXPECT_EQ(portal_->finished_count("case-43"), 0u);

  const PortalReport stored = report(opened.report_id);
  EXPECT_EQ(stored.state, PortalReportState::finished);
  EXPECT_EQ(stored.case_id, "case-42");
  EXPECT_EQ(stored.report_xml, report_xml("case-42"));
  ASSERT_EQ(stored.files.size(), 2u);
  EXPECT_EQ(stored.files[0].file_name, "one.png");
  EXPECT_EQ(stored.files[0].md5_hex, md5_of(first));
  EXPECT_EQ(stored.files[0].size, first.size());
  EXPECT_EQ(stored.files[1].size, second.size());
  EXPECT_EQ(stored.files[1].details_xml, file_details_xml(opened.report_id, up2.file_id));

  const std::vector<PortalCall> calls = portal_->calls();
  ASSERT_EQ(calls.size(), 7u);
  EXPECT_EQ(calls[0].method, "GET");
  EXPECT_EQ(calls[0].path, "/ispws/status");
  EXPECT_EQ(calls[1].path, "/ispws/submit");
  EXPECT_EQ(calls[1].report_id, opened.report_id);
  EXPECT_EQ(calls[6].path, "/ispws/finish");
  EXPECT_EQ(calls[1].request_id, opened.request_id);
  EXPECT_EQ(calls[6].request_id, done.request_id);
  std::set<std::string> ids;
  for (const PortalCall& call : calls) {
    EXPECT_EQ(call.http_status, 200) << call.path;
    EXPECT_EQ(call.response_code, 0) << call.path;
    EXPECT_FALSE(call.dropped);
    ids.insert(call.request_id);
  }
  EXPECT_EQ(ids.size(), calls.size()) << "Request-IDs must be unique";
}

TEST_F(TestPortalTest, ReportWithoutCaseLineHasEmptyCaseId) {
  const std::string xml = std::string("<report>") + kSummary + kReporter +
                          "<additionalInfo>hi</additionalInfo></report>";
  const Reply reply = submit(xml);
  ASSERT_EQ(reply.code, 0) << reply.body;
  EXPECT_EQ(report(reply.report_id).case_id, "");
}

struct BadReport {
  const char* name;
  std::string xml;
  int code;
  const char* description_part;
};

TEST_F(TestPortalTest, SubmitRefusesDocumentsTheSchemaForbids) {
  const std::string summary_swapped =
      "<incidentSummary><incidentDateTime>2024-05-01T12:00:00Z</incidentDateTime>"
      "<incidentType>Child Sex Tourism</incidentType></incidentSummary>";
  const std::vector<BadReport> cases{
      {"reporter before incidentSummary",
       std::string("<report>") + kReporter + kSummary + "</report>", 4100, "out of schema order"},
      {"internetDetails after reporter",
       std::string("<report>") + kSummary + kReporter + kInternetDetails + "</report>", 4100,
       "out of schema order"},
      {"incidentSummary children swapped",
       std::string("<report>") + summary_swapped + kReporter + "</report>", 4100,
       "out of schema order"},
      {"no reporter", std::string("<report>") + kSummary + "</report>", 4100, "<reporter>"},
      {"no reportingPerson",
       std::string("<report>") + kSummary + "<reporter><legalURL>x</legalURL></reporter></report>",
       4100, "<reportingPerson>"},
      {"no incidentDateTime",
       "<report><incidentSummary><incidentType>Child Sex Tourism</incidentType>"
       "</incidentSummary>" +
           std::string(kReporter) + "</report>",
       4100, "<incidentDateTime>"},
      {"incidentType not in the enumeration",
       "<report><incidentSummary><incidentType>child sex tourism</incidentType>"
       "<incidentDateTime>2024-05-01T12:00:00Z</incidentDateTime></incidentSummary>" +
           std::string(kReporter) + "</report>",
       4100, "incidentType"},
      {"bad dateTime",
       "<report><incidentSummary><incidentType>Child Sex Tourism</incidentType>"
       "<incidentDateTime>01/05/2024</incidentDateTime></incidentSummary>" +
           std::string(kReporter) + "</report>",
       4100, "xs:dateTime"},
      {"unknown element",
       std::string("<report>") + kSummary + "<colour>red</colour>" + kReporter + "</report>", 4100,
       "unexpected element"},
      {"two incidents in one internetDetails",
       std::string("<report>") + kSummary +
           "<internetDetails><webPageIncident/><emailIncident/></internetDetails>" + kReporter +
           "</report>",
       4100, "exactly one"},
      {"firstName over 100 characters",
       std::string("<report>") + kSummary + "<reporter><reportingPerson><firstName>" +
           std::string(101, 'a') + "</firstName></reportingPerson></reporter></report>",
       4100, "limit is 100"},
      {"wrong root", std::string("<fileDetails/>"), 4100, "root element"},
      {"not well-formed", std::string("<report><incidentSummary></report>"), 4110, "malformed"},
      {"DOCTYPE", "<!DOCTYPE report [<!ENTITY x \"y\">]><report>&x;</report>", 4110, "DOCTYPE"},
      {"undefined entity", std::string("<report>&x;</report>"), 4110, "entity"},
      {"empty body", std::string(""), 4110, "malformed"},
  };
  for (const BadReport& bad : cases) {
    const Reply reply = submit(bad.xml);
    EXPECT_EQ(reply.http_status, 200) << bad.name;
    EXPECT_EQ(reply.code, bad.code) << bad.name << ": " << reply.body;
    EXPECT_NE(reply.description.find(bad.description_part), std::string::npos)
        << bad.name << ": " << reply.description;
    EXPECT_TRUE(reply.report_id.empty()) << bad.name;
  }
  EXPECT_TRUE(portal_->reports().empty());
  // The same portal still accepts a valid report.
  EXPECT_EQ(submit(report_xml("case-1")).code, 0);
}

TEST_F(TestPortalTest, SubmitAcceptsEveryTopLevelElementInSchemaOrder) {
  const std::string xml =
      std::string("<report><batchedReport reason=\"VIRAL_POTENTIAL_MEME\"/>") + kSummary +
      kInternetDetails + kInternetDetails + "<lawEnforcement/>" + kReporter +
      "<personOrUserReported/><personOrUserReported/><intendedRecipient/><victim/>"
      "<additionalInfo>Vigil case: c-9</additionalInfo></report>";
  const Reply reply = submit(xml);
  EXPECT_EQ(reply.code, 0) << reply.body;
  EXPECT_EQ(report(reply.report_id).case_id, "c-9");
}

TEST_F(TestPortalTest, SubmitAcceptsEscapesCdataAndZonedDateTimes) {
  const std::string xml =
      "<report><incidentSummary><incidentType>Child Sex Tourism</incidentType>"
      "<platform>A &amp; B &#233; &#xE9;</platform>"
      "<incidentDateTime>2024-05-01T12:00:00.123+02:00</incidentDateTime></incidentSummary>" +
      std::string(kReporter) +
      "<additionalInfo><![CDATA[x\n]]><![CDATA[Vigil case: c&d <7>]]></additionalInfo></report>";
  const Reply reply = submit(xml);
  ASSERT_EQ(reply.code, 0) << reply.body;
  EXPECT_EQ(report(reply.report_id).case_id, "c&d <7>");
}

TEST_F(TestPortalTest, SubmitWantsXml) {
  const Reply reply = reply_of(client()->Post("/ispws/submit", report_xml("c"), "text/plain"));
  EXPECT_EQ(reply.code, 4000);
}

TEST_F(TestPortalTest, FileInfoChecksOrderAndIds) {
  const std::string report_id = open_report();
  const Reply uploaded = upload(report_id, "benign bytes");
  ASSERT_EQ(uploaded.code, 0);

  const std::string swapped = "<fileDetails><fileId>" + uploaded.file_id + "</fileId><reportId>" +
                              report_id + "</reportId></fileDetails>";
  const Reply out_of_order = fileinfo(swapped);
  EXPECT_EQ(out_of_order.code, 4100);
  EXPECT_NE(out_of_order.description.find("out of schema order"), std::string::npos);

  const std::string relevance_first = "<fileDetails><reportId>" + report_id +
                                      "</reportId><fileId>" + uploaded.file_id +
                                      "</fileId><fileRelevance>Reported</fileRelevance>"
                                      "<fileViewedByEsp>false</fileViewedByEsp></fileDetails>";
  EXPECT_EQ(fileinfo(relevance_first).code, 4100);
  EXPECT_EQ(
      fileinfo("<fileDetails><reportId>" + report_id + "</reportId><fileId>" + uploaded.file_id +
               "</fileId><fileRelevance>Maybe</fileRelevance></fileDetails>")
          .code,
      4100);
  EXPECT_EQ(fileinfo("<fileDetails><reportId>" + report_id + "</reportId></fileDetails>").code,
            4100);

  EXPECT_EQ(fileinfo(file_details_xml(report_id, "ffff")).code, 5002);
  EXPECT_EQ(fileinfo(file_details_xml("999999", uploaded.file_id)).code, 5001);
  EXPECT_EQ(report(report_id).files[0].details_xml, "");
  EXPECT_EQ(fileinfo(file_details_xml(report_id, uploaded.file_id)).code, 0);
  EXPECT_EQ(report(report_id).files[0].details_xml, file_details_xml(report_id, uploaded.file_id));
}

TEST_F(TestPortalTest, UploadNeedsAnOpenReportAndBothParts) {
  EXPECT_EQ(upload("123456", "bytes").code, 5001);
  EXPECT_EQ(upload("not-a-number", "bytes").code, 5001);
  const std::string report_id = open_report();
  const httplib::MultipartFormDataItems no_file{{"id", report_id, "", ""}};
  EXPECT_EQ(reply_of(client()->Post("/ispws/upload", no_file)).code, 4000);
  const httplib::MultipartFormDataItems no_filename{{"id", report_id, "", ""},
                                                    {"file", "bytes", "", ""}};
  EXPECT_EQ(reply_of(client()->Post("/ispws/upload", no_filename)).code, 4000);
  EXPECT_TRUE(report(report_id).files.empty());
}

TEST_F(TestPortalTest, BadOrMissingCredentialsGet401WithAnEmptyBody) {
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {"vigil-test", "wrong"}, {"someone", "test-password"}, {"", ""}}) {
    const httplib::Result result =
        client(user, password)->Post("/ispws/submit", report_xml("c"), "text/xml");
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 401) << user;
    EXPECT_EQ(result->body, "") << user;
    EXPECT_FALSE(result->get_header_value("Request-ID").empty());
  }
  EXPECT_TRUE(portal_->reports().empty());
  const std::vector<PortalCall> calls = portal_->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].http_status, 401);
  EXPECT_FALSE(calls[0].response_code.has_value());
}

TEST_F(TestPortalTest, OpenReportExpiresAfterTheLaterOf24HoursOpenAnd1HourIdle) {
  const std::string idle = open_report("idle");
  const std::string busy = open_report("busy");
  clock_.advance(23 * kHour + 30 * kMinute);
  ASSERT_EQ(upload(busy, "benign").code, 0);  // busy's last change: 23:30
  EXPECT_EQ(report(idle).state, PortalReportState::open) << "idle for 23:30 but not 24 h old";

  clock_.advance(30 * kMinute);  // 24:00
  EXPECT_EQ(report(idle).state, PortalReportState::expired);
  EXPECT_EQ(report(busy).state, PortalReportState::open) << "changed 30 min ago";
  EXPECT_EQ(finish(idle).code, 5001);

  clock_.advance(30 * kMinute - 1);  // 24:29:59.999
  EXPECT_EQ(report(busy).state, PortalReportState::open);
  clock_.advance(1);  // 24:30
  const Reply late = finish(busy);
  EXPECT_EQ(late.code, 5001) << late.body;
  EXPECT_EQ(retract(busy).code, 5001);
  EXPECT_EQ(upload(busy, "benign").code, 5001);
  EXPECT_EQ(report(busy).state, PortalReportState::expired);
}

TEST_F(TestPortalTest, RecentlyOpenedReportOutlivesAnHourOfSilence) {
  const std::string report_id = open_report();
  clock_.advance(5 * kHour);
  EXPECT_EQ(finish(report_id).code, 0);
}

TEST_F(TestPortalTest, RetractAndFinishCodes) {
  const std::string retracted = open_report("r");
  EXPECT_EQ(retract(retracted).code, 0);
  EXPECT_EQ(report(retracted).state, PortalReportState::retracted);
  EXPECT_EQ(retract(retracted).code, 5101);
  EXPECT_EQ(finish(retracted).code, 5001);
  EXPECT_EQ(upload(retracted, "benign").code, 5001);

  const std::string filed = open_report("f");
  EXPECT_EQ(finish(filed).code, 0);
  EXPECT_EQ(finish(filed).code, 5102);
  EXPECT_EQ(retract(filed).code, 5102);
  EXPECT_EQ(upload(filed, "benign").code, 5102);
  EXPECT_EQ(report(filed).state, PortalReportState::finished);
  EXPECT_EQ(portal_->finished_count("f"), 1u);

  EXPECT_EQ(retract("424242").code, 5001);
  EXPECT_EQ(finish("424242").code, 5001);
  EXPECT_EQ(reply_of(client()->Post("/ispws/finish", "", "application/x-www-form-urlencoded")).code,
            4000);
}

TEST_F(TestPortalTest, FailHttpBurstWithRetryAfter) {
  portal_->fail_http("/submit", 503, 2, 7);
  for (int i = 0; i < 2; ++i) {
    const httplib::Result result = client()->Post("/ispws/submit", report_xml("c"), "text/xml");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 503);
    EXPECT_EQ(result->get_header_value("Retry-After"), "7");
    EXPECT_FALSE(result->get_header_value("Request-ID").empty());
  }
  EXPECT_TRUE(portal_->reports().empty());
  EXPECT_EQ(status().code, 0) << "other endpoints are unaffected";
  EXPECT_EQ(submit(report_xml("c")).code, 0) << "the burst is over";

  portal_->fail_http("*", 429, 1);
  const httplib::Result limited = client()->Get("/ispws/status");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_FALSE(limited->has_header("Retry-After"));
  EXPECT_EQ(status().code, 0);
}

TEST_F(TestPortalTest, RespondCodeLeavesStateAlone) {
  portal_->respond_code("/submit", 1000, 1);
  const Reply failed = submit(report_xml("c"));
  EXPECT_EQ(failed.http_status, 200);
  EXPECT_EQ(failed.code, 1000);
  EXPECT_TRUE(portal_->reports().empty());
  const std::string report_id = open_report();

  portal_->respond_code("/finish", 2000, 1);
  const Reply refused = finish(report_id);
  EXPECT_EQ(refused.code, 2000);
  EXPECT_EQ(refused.report_id, report_id);
  EXPECT_EQ(report(report_id).state, PortalReportState::open);
  EXPECT_EQ(finish(report_id).code, 0);
}

TEST_F(TestPortalTest, UnauthorizedFaultIgnoresGoodCredentials) {
  portal_->unauthorized("/status", 1);
  const httplib::Result result = client()->Get("/ispws/status");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(result->body, "");
  EXPECT_EQ(status().code, 0);
}

TEST_F(TestPortalTest, DelayAnswersLateButCorrectly) {
  portal_->delay("/status", 300, 1);
  const auto start = std::chrono::steady_clock::now();
  const Reply slow = status();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(slow.code, 0);
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  const auto again = std::chrono::steady_clock::now();
  EXPECT_EQ(status().code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - again, std::chrono::milliseconds(300));
}

TEST_F(TestPortalTest, DelayedFinishIsCommittedEvenIfTheClientTimesOut) {
  const std::string report_id = open_report("late");
  std::mutex mutex;
  std::condition_variable responded;
  bool done = false;
  const ObserverGuard guard(*portal_);
  portal_->on_call([&](const PortalCall& call, CallPhase phase) {
    if (call.path != "/ispws/finish" || phase != CallPhase::responded) return;
    std::lock_guard lock(mutex);
    done = true;
    responded.notify_all();
  });
  portal_->delay("/finish", 400, 1);
  auto http = client();
  http->set_read_timeout(0, 100'000);  // 100 ms
  const httplib::Result result = http->Post("/ispws/finish", httplib::Params{{"id", report_id}});
  EXPECT_FALSE(result) << "expected a client timeout";
  EXPECT_EQ(portal_->finished_count("late"), 1u) << "committed before the slow response";
  // The server then writes to a connection the client closed; this process must survive.
  std::unique_lock lock(mutex);
  EXPECT_TRUE(responded.wait_for(lock, std::chrono::seconds(5), [&] { return done; }));
  lock.unlock();
  EXPECT_EQ(finish(report_id).code, 5102);
}

TEST_F(TestPortalTest, DropAfterCommitAppliesTheChangeButSendsNothing) {
  const std::string report_id = open_report("dropped");
  portal_->drop_after_commit("/finish", 1);
  const httplib::Result result =
      client()->Post("/ispws/finish", httplib::Params{{"id", report_id}});
  EXPECT_FALSE(result) << "the client must see a connection error, got HTTP "
                       << (result ? result->status : 0);
  EXPECT_EQ(report(report_id).state, PortalReportState::finished);
  EXPECT_EQ(portal_->finished_count("dropped"), 1u);
  const PortalCall dropped = portal_->calls().back();
  EXPECT_TRUE(dropped.dropped);
  EXPECT_EQ(dropped.http_status, 0);
  EXPECT_EQ(dropped.response_code, 0);
  EXPECT_FALSE(dropped.request_id.empty());
  // The retry learns that the report is filed.
  EXPECT_EQ(finish(report_id).code, 5102);
}

TEST_F(TestPortalTest, DroppedConnectionCarriesNotASingleByte) {
  portal_->drop_after_commit("/submit", 1);
  const std::string body = report_xml("raw");
  RawConnection connection(portal_->port());
  ASSERT_TRUE(connection.connected());
  connection.send_all("POST /ispws/submit HTTP/1.1\r\nHost: 127.0.0.1\r\n" + basic_auth_header() +
                      "Content-Type: text/xml\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n\r\n" + body);
  bool closed = false;
  EXPECT_EQ(connection.read_all(closed), "");
  EXPECT_TRUE(closed);
  ASSERT_EQ(portal_->reports().size(), 1u) << "the submit was committed";
  EXPECT_EQ(portal_->reports()[0].case_id, "raw");
}

TEST_F(TestPortalTest, CurlSeesAnEmptyReplyWhenTheConnectionIsDropped) {
  if (access("/usr/bin/curl", X_OK) != 0) GTEST_SKIP() << "/usr/bin/curl is not installed";
  const std::string report_id = open_report("curl");
  portal_->drop_after_commit("/finish", 1);
  const std::string command =
      "/usr/bin/curl -s -o /dev/null --max-time 5 -u vigil-test:test-password -d id=" + report_id +
      " " + portal_->base_url() + "/finish";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 52) << "curl exit 52 = empty reply from server";
  EXPECT_EQ(portal_->finished_count("curl"), 1u);
}

TEST_F(TestPortalTest, DownMeans503EverywhereUntilUp) {
  const std::string report_id = open_report();
  portal_->set_down(true);
  for (const char* path : {"/ispws/status", "/ispws/nowhere"}) {
    const httplib::Result result = client()->Get(path);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 503) << path;
  }
  const httplib::Result finish_while_down =
      client()->Post("/ispws/finish", httplib::Params{{"id", report_id}});
  ASSERT_TRUE(finish_while_down);
  EXPECT_EQ(finish_while_down->status, 503);
  EXPECT_EQ(report(report_id).state, PortalReportState::open);
  portal_->set_down(false);
  EXPECT_EQ(finish(report_id).code, 0);
}

TEST_F(TestPortalTest, ObserverSeesThreePhasesInOrder) {
  struct Seen {
    std::string request_id;
    CallPhase phase;
    int http_status;
    std::optional<int> code;
    std::size_t reports_visible;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
  TestPortal* portal = portal_.get();
  const ObserverGuard guard(*portal_);
  portal_->on_call([&](const PortalCall& call, CallPhase phase) {
    const std::size_t visible = portal->reports().size();
    std::lock_guard lock(mutex);
    seen.push_back({call.request_id, phase, call.http_status, call.response_code, visible});
  });
  const Reply reply = submit(report_xml("observed"));
  ASSERT_EQ(reply.code, 0);
  // "responded" fires after the bytes are written, possibly just after the client read them.
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mutex);
      if (seen.size() >= 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].phase, CallPhase::received);
  EXPECT_EQ(seen[1].phase, CallPhase::committed);
  EXPECT_EQ(seen[2].phase, CallPhase::responded);
  for (const Seen& s : seen) EXPECT_EQ(s.request_id, reply.request_id);
  EXPECT_EQ(seen[0].http_status, 0);
  EXPECT_EQ(seen[0].reports_visible, 0u) << "nothing is committed at received";
  EXPECT_EQ(seen[1].http_status, 200);
  EXPECT_EQ(seen[1].code, 0);
  EXPECT_EQ(seen[1].reports_visible, 1u) << "the report exists at committed";
}

TEST_F(TestPortalTest, ObserverCanHoldTheResponseBack) {
  // A crash test kills the client at "committed"; here we check the client really waits.
  std::atomic<bool> release{false};
  std::atomic<bool> committed{false};
  const ObserverGuard guard(*portal_);
  portal_->on_call([&](const PortalCall& call, CallPhase phase) {
    if (call.path != "/ispws/finish" || phase != CallPhase::committed) return;
    committed = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  const std::string report_id = open_report("held");
  std::thread releaser([&] {
    while (!committed) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(portal_->finished_count("held"), 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    release = true;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(finish(report_id).code, 0);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  releaser.join();
}

TEST_F(TestPortalTest, UnknownPathAndWrongMethod) {
  const httplib::Result missing = client()->Get("/ispws/nothing-here");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_FALSE(missing->get_header_value("Request-ID").empty());
  const httplib::Result outside = client()->Get("/status");
  ASSERT_TRUE(outside);
  EXPECT_EQ(outside->status, 404);
  const httplib::Result wrong = client()->Get("/ispws/submit");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
}

TEST_F(TestPortalTest, OversizedBodyIsRefusedBeforeItIsRead) {
  RawConnection connection(portal_->port());
  ASSERT_TRUE(connection.connected());
  connection.send_all("POST /ispws/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n" + basic_auth_header() +
                      "Content-Type: multipart/form-data; boundary=x\r\n"
                      "Content-Length: 67108865\r\n\r\n");
  bool closed = false;
  const std::string response = connection.read_all(closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
  EXPECT_NE(response.find("Request-ID: "), std::string::npos) << response;
  EXPECT_TRUE(closed) << "the unread body must not be parsed as a request";
  const std::vector<PortalCall> calls = portal_->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].http_status, 413);
}

TEST_F(TestPortalTest, OversizedBodySentAnywayIsNotMistakenForRequests) {
  RawConnection connection(portal_->port());
  ASSERT_TRUE(connection.connected());
  const std::size_t size = (std::size_t{64} << 20) + 1;
  connection.send_all("POST /ispws/submit HTTP/1.1\r\nHost: 127.0.0.1\r\n" + basic_auth_header() +
                      "Content-Type: text/xml\r\nContent-Length: " + std::to_string(size) +
                      "\r\n\r\n");
  // The portal answers before reading the body; a client that sends it anyway must still get
  // the 413, and the body must not be parsed as more requests.
  connection.send_all(std::string(size, 'x'));
  bool closed = false;
  const std::string response = connection.read_all(closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response.substr(0, 200);
  EXPECT_TRUE(closed);
  connection.close_now();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(portal_->calls().size(), 1u);
}

TEST_F(TestPortalTest, RestartKeepsStateAndPort) {
  const std::string report_id = open_report("restart");
  const int port = portal_->port();
  portal_->stop();
  EXPECT_FALSE(client()->Get("/ispws/status")) << "stopped means connection refused";
  portal_->start();
  EXPECT_EQ(portal_->port(), port);
  EXPECT_EQ(finish(report_id).code, 0);
  EXPECT_EQ(portal_->finished_count("restart"), 1u);
}

TEST_F(TestPortalTest, StopDoesNotWaitForIdleKeepAliveConnections) {
  auto http = client();
  http->set_keep_alive(true);
  ASSERT_TRUE(http->Get("/ispws/status"));
  const auto start = std::chrono::steady_clock::now();
  portal_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST_F(TestPortalTest, StopCutsADelayShort) {
  portal_->delay("/status", 10'000, 1);
  std::thread caller([&] { client()->Get("/ispws/status"); });
  while (portal_->calls().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto start = std::chrono::steady_clock::now();
  portal_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  caller.join();
}

TEST(TestPortalOptionsTest, CustomCredentialsAndBaseUrl) {
  TestPortalOptions options;
  options.user = "alice";
  options.password = "s3cret";
  TestPortal portal(options);
  EXPECT_EQ(portal.port(), 0);
  portal.start();
  EXPECT_EQ(portal.base_url(), "http://127.0.0.1:" + std::to_string(portal.port()) + "/ispws");
  httplib::Client http("127.0.0.1", portal.port());
  http.set_basic_auth("alice", "s3cret");
  const httplib::Result ok = http.Get("/ispws/status");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  http.set_basic_auth("vigil-test", "test-password");
  const httplib::Result refused = http.Get("/ispws/status");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
}

}  // namespace
}  // namespace vigil::testing
