// handoff_reporter: a prefilled portal handoff for a person, never the uploader's personal
// data or file locations, delivered through a file or a signed webhook.
#include "handoff/handoff_reporter.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "delivery_fixture.hpp"
#include "loopback_server.hpp"
#include "temp_dir.hpp"
#include "webhook/hmac_sha256.hpp"

namespace vigil::portal {
namespace {

using testing::FakeDelivery;
using testing::read_lines;
using testing::Settings;
using testing::TempDir;
using vigil::plugin::delivery_result;
using vigil::plugin::permanent_failure;

constexpr const char* kPortalUrl = "https://report.iwf.org.uk/ar";
constexpr const char* kPortalName = "IWF reporting portal (Argentina)";
constexpr const char* kSecretEnv = "VIGIL_PORTAL_TEST_HANDOFF_SECRET";

handoff_reporter make_file_handoff(const std::string& path) {
  Settings settings{
      {"portal_name", kPortalName}, {"portal_url", kPortalUrl}, {"via", "file"}, {"path", path}};
  return handoff_reporter(settings.parsed(), testing::no_host());
}

void expect_no_personal_data(const std::string& text) {
  EXPECT_EQ(text.find(testing::kUploaderIp), std::string::npos) << "uploader IP leaked";
  EXPECT_EQ(text.find(testing::kUploaderScreenName), std::string::npos) << "screen name leaked";
  EXPECT_EQ(text.find("someone@example.org"), std::string::npos) << "uploader email leaked";
  EXPECT_EQ(text.find(testing::kFileLocation), std::string::npos) << "file location leaked";
  EXPECT_EQ(text.find(testing::kAdditionalInfo), std::string::npos) << "free text leaked";
  EXPECT_EQ(text.find("\"uploader\""), std::string::npos);
  EXPECT_EQ(text.find("\"files\""), std::string::npos);
}

TEST(HandoffReporterTest, WritesAPrefilledHandoffWithoutPersonalData) {
  TempDir dir;
  const std::string path = dir.file("handoffs.jsonl");
  auto reporter = make_file_handoff(path);
  FakeDelivery delivery(testing::sample_report("case-42"), "idem-42");

  auto receipt = reporter.deliver(delivery.request());

  EXPECT_EQ(receipt.result, delivery_result::handed_off);
  const std::string text = testing::read_file(path);
  expect_no_personal_data(text);
  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 1u);
  auto doc = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(doc["kind"], "portal_handoff");
  EXPECT_EQ(doc["schema"], "vigil.portal_handoff/1");
  EXPECT_EQ(doc["portal"]["name"], kPortalName);
  EXPECT_EQ(doc["portal"]["url"], kPortalUrl);
  EXPECT_EQ(doc["content_url"], "https://files.example.net/x/4f2a9c.jpg");
  EXPECT_EQ(doc["category"], "child sexual abuse material");
  EXPECT_EQ(doc["incident_time"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(doc["case_id"], "case-42");
  EXPECT_EQ(doc["idempotency_key"], "idem-42");
  EXPECT_TRUE(doc["reported_at"].is_string());
  EXPECT_NE(doc["row_hint"].get<std::string>().find("vigil report done"), std::string::npos);
  EXPECT_NE(doc["instructions"].get<std::string>().find(kPortalUrl), std::string::npos);
  expect_no_personal_data(delivery.audits().empty() ? "" : delivery.audits()[0].fields_json);
}

TEST(HandoffReporterTest, TheSameKeyIsHandedOffOnce) {
  TempDir dir;
  const std::string path = dir.file("handoffs.jsonl");
  auto reporter = make_file_handoff(path);
  FakeDelivery delivery(testing::sample_report(), "idem-once");
  reporter.deliver(delivery.request());
  EXPECT_EQ(reporter.deliver(delivery.request()).result, delivery_result::handed_off);
  EXPECT_EQ(read_lines(path).size(), 1u);
}

TEST(HandoffReporterTest, MissingContentUrlIsPermanent) {
  TempDir dir;
  const std::string path = dir.file("handoffs.jsonl");
  auto reporter = make_file_handoff(path);
  FakeDelivery delivery(testing::sample_report("case-1", /*with_content_url=*/false));
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected permanent_failure";
  } catch (const permanent_failure& e) {
    EXPECT_EQ(e.reason(), "no_content_url");
  }
  EXPECT_TRUE(read_lines(path).empty());
}

TEST(HandoffReporterTest, CustomCategoryIsUsed) {
  TempDir dir;
  const std::string path = dir.file("handoffs.jsonl");
  Settings settings{{"portal_name", kPortalName},
                    {"portal_url", kPortalUrl},
                    {"category", "imágenes de abuso sexual infantil"},
                    {"via", "file"},
                    {"path", path}};
  handoff_reporter reporter(settings.parsed(), testing::no_host());
  FakeDelivery delivery(testing::sample_report());
  reporter.deliver(delivery.request());
  EXPECT_EQ(nlohmann::json::parse(read_lines(path).at(0))["category"],
            "imágenes de abuso sexual infantil");
}

TEST(HandoffReporterTest, DeliversThroughASignedWebhook) {
  ::setenv(kSecretEnv, "handoff-secret", 1);
  testing::LoopbackServer server;
  std::mutex mutex;
  std::string body, format, signature, key;
  server.http().Post("/handoff", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    body = req.body;
    format = req.get_header_value("X-Vigil-Format");
    signature = req.get_header_value("X-Vigil-Signature");
    key = req.get_header_value("Idempotency-Key");
    res.set_content(R"({"id":"ticket-9"})", "application/json");
  });
  server.start();
  Settings settings{{"portal_name", kPortalName},
                    {"portal_url", kPortalUrl},
                    {"via", "webhook"},
                    {"url", server.url("/handoff")},
                    {"secret_env", kSecretEnv}};
  handoff_reporter reporter(settings.parsed(), testing::no_host());
  FakeDelivery delivery(testing::sample_report(), "idem-wh");

  auto receipt = reporter.deliver(delivery.request());
  ::unsetenv(kSecretEnv);

  EXPECT_EQ(receipt.result, delivery_result::handed_off);
  EXPECT_EQ(receipt.remote_id, "ticket-9");
  std::lock_guard lock(mutex);
  expect_no_personal_data(body);
  EXPECT_EQ(nlohmann::json::parse(body)["kind"], "portal_handoff");
  EXPECT_EQ(format, "handoff");
  EXPECT_EQ(key, "idem-wh");
  EXPECT_EQ(signature, "sha256=" + hmac_sha256_hex("handoff-secret", body));
  ASSERT_EQ(delivery.audits().size(), 1u);
  EXPECT_EQ(delivery.audits()[0].event, "api_call");
}

TEST(HandoffReporterTest, WebhookWithoutSecretIsPermanentConfig) {
  ::unsetenv(kSecretEnv);
  Settings settings{{"portal_name", kPortalName},
                    {"portal_url", kPortalUrl},
                    {"via", "webhook"},
                    {"url", "https://hooks.example.com/x"},
                    {"secret_env", kSecretEnv}};
  try {
    handoff_reporter reporter(settings.parsed(), testing::no_host());
    FAIL() << "expected permanent_failure";
  } catch (const permanent_failure& e) {
    EXPECT_EQ(e.reason(), "config");
  }
}

TEST(HandoffReporterTest, BadSettingsAreRefused) {
  Settings no_portal{{"portal_name", kPortalName}, {"via", "file"}, {"path", "/tmp/x.jsonl"}};
  EXPECT_THROW(handoff_reporter(no_portal.parsed(), testing::no_host()), vigil::plugin::error);
  Settings bad_via{{"portal_name", kPortalName}, {"portal_url", kPortalUrl}, {"via", "portal"}};
  EXPECT_THROW(handoff_reporter(bad_via.parsed(), testing::no_host()), vigil::plugin::error);
  Settings no_path{{"portal_name", kPortalName}, {"portal_url", kPortalUrl}, {"via", "file"}};
  EXPECT_THROW(handoff_reporter(no_path.parsed(), testing::no_host()), vigil::plugin::error);
  Settings http_portal{{"portal_name", kPortalName},
                       {"portal_url", "http://portal.example/"},
                       {"via", "file"},
                       {"path", "/tmp/x.jsonl"}};
  EXPECT_THROW(handoff_reporter(http_portal.parsed(), testing::no_host()), vigil::plugin::error);
}

TEST(HandoffReporterTest, RetractionHandsNothingOver) {
  TempDir dir;
  const std::string path = dir.file("handoffs.jsonl");
  auto reporter = make_file_handoff(path);
  FakeDelivery delivery(testing::sample_report());
  delivery.request_retract();
  EXPECT_EQ(reporter.deliver(delivery.request()).result, delivery_result::retracted);
  EXPECT_TRUE(read_lines(path).empty());
}

}  // namespace
}  // namespace vigil::portal
