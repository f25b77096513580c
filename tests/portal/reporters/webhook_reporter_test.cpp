// webhook_reporter against a real HTTP server on 127.0.0.1 that verifies the signature
// with the shared secret the way a receiving service would.
#include "webhook/webhook_reporter.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "delivery_fixture.hpp"
#include "loopback_server.hpp"
#include "temp_dir.hpp"
#include "webhook/hmac_sha256.hpp"
#include "webhook/secret_source.hpp"

namespace vigil::portal {
namespace {

using testing::FakeDelivery;
using testing::LoopbackServer;
using testing::Settings;
using vigil::plugin::delivery_result;
using vigil::plugin::permanent_failure;
using vigil::plugin::retry_later;

constexpr const char* kSecretEnv = "VIGIL_PORTAL_TEST_WEBHOOK_SECRET";
constexpr const char* kSecret = "whsec-test-0123456789";

// Computed independently of hmac_sha256_hex, as a receiver would.
std::string receiver_signature(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof(byte), "%02x", digest[i]);
    hex += byte;
  }
  return "sha256=" + hex;
}

struct Received {
  std::string body;
  std::string content_type;
  std::string idempotency_key;
  std::string signature;
  std::string timestamp;
  std::string format;
  bool signature_valid = false;
};

// A webhook receiver: records requests and answers with a configurable response.
class WebhookServer {
 public:
  WebhookServer() {
    server_.http().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      Received r;
      r.body = req.body;
      r.content_type = req.get_header_value("Content-Type");
      r.idempotency_key = req.get_header_value("Idempotency-Key");
      r.signature = req.get_header_value("X-Vigil-Signature");
      r.timestamp = req.get_header_value("X-Vigil-Timestamp");
      r.format = req.get_header_value("X-Vigil-Format");
      r.signature_valid = r.signature == receiver_signature(kSecret, req.body);
      std::lock_guard lock(mutex_);
      received_.push_back(r);
      res.status = status_;
      for (const auto& [name, value] : headers_) res.set_header(name, value);
      res.set_content(body_, "application/json");
    });
    server_.http().Post("/slow", [this](const httplib::Request&, httplib::Response& res) {
      server_.wait_or_release(std::chrono::seconds(5));
      res.set_content("{}", "application/json");
    });
    server_.start();
  }

  void respond(int status, std::string body = "{}",
               std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
    headers_ = std::move(headers);
  }
  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  std::string url(const std::string& path = "/hook") const { return server_.url(path); }

 private:
  LoopbackServer server_;
  mutable std::mutex mutex_;
  std::vector<Received> received_;
  int status_ = 200;
  std::string body_ = "{}";
  std::vector<std::pair<std::string, std::string>> headers_;
};

class WebhookReporterTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv(kSecretEnv, kSecret, 1); }
  void TearDown() override { ::unsetenv(kSecretEnv); }

  webhook_reporter make(const std::string& url) {
    Settings settings{{"url", url}, {"secret_env", kSecretEnv}, {"timeout_seconds", "5"}};
    return webhook_reporter(settings.parsed(), testing::no_host());
  }

  WebhookServer server_;
};

TEST_F(WebhookReporterTest, PostsTheExactReportSignedWithTheSecret) {
  server_.respond(201, R"({"id":"wh-123","status":"queued"})");
  auto reporter = make(server_.url());
  const std::string report = testing::sample_report();
  FakeDelivery delivery(report, "idem-7");

  auto receipt = reporter.deliver(delivery.request());

  EXPECT_EQ(receipt.result, delivery_result::filed);
  EXPECT_EQ(receipt.remote_id, "wh-123");
  auto received = server_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].body, report);
  EXPECT_EQ(received[0].content_type, "application/json");
  EXPECT_EQ(received[0].idempotency_key, "idem-7");
  EXPECT_EQ(received[0].format, "report");
  EXPECT_TRUE(received[0].signature_valid) << received[0].signature;
  const long long timestamp = std::stoll(received[0].timestamp);
  EXPECT_NEAR(static_cast<double>(timestamp), static_cast<double>(std::time(nullptr)), 60.0);
}

TEST_F(WebhookReporterTest, ASignatureWithAnotherSecretDoesNotVerify) {
  // Guards the receiver check itself: the same body signed with another key must differ.
  const std::string body = testing::sample_report();
  EXPECT_NE(receiver_signature("another secret", body), receiver_signature(kSecret, body));
  EXPECT_EQ(receiver_signature(kSecret, body), "sha256=" + hmac_sha256_hex(kSecret, body));
}

TEST_F(WebhookReporterTest, RemoteIdMayBeANumberOrAbsent) {
  auto reporter = make(server_.url());
  server_.respond(200, R"({"id":42})");
  FakeDelivery first(testing::sample_report("c1"), "k1");
  EXPECT_EQ(reporter.deliver(first.request()).remote_id, "42");
  server_.respond(204, "");
  FakeDelivery second(testing::sample_report("c2"), "k2");
  auto receipt = reporter.deliver(second.request());
  EXPECT_EQ(receipt.result, delivery_result::filed);
  EXPECT_EQ(receipt.remote_id, "");
}

TEST_F(WebhookReporterTest, ServerErrorIsRetryLaterWithTheStatusAsReason) {
  server_.respond(500, R"({"error":"boom"})");
  auto reporter = make(server_.url());
  FakeDelivery delivery(testing::sample_report());
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected retry_later";
  } catch (const retry_later& e) {
    EXPECT_EQ(e.reason(), "http_500");
    EXPECT_EQ(e.retry_after_ms(), 0);
  }
}

TEST_F(WebhookReporterTest, TooManyRequestsHonoursRetryAfter) {
  server_.respond(429, "{}", {{"Retry-After", "7"}});
  auto reporter = make(server_.url());
  FakeDelivery delivery(testing::sample_report());
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected retry_later";
  } catch (const retry_later& e) {
    EXPECT_EQ(e.reason(), "http_429");
    EXPECT_EQ(e.retry_after_ms(), 7000);
  }
}

TEST_F(WebhookReporterTest, OutcomeCrossesTheAbiWithCodeAndRetryAfter) {
  server_.respond(503, "{}", {{"Retry-After", "7"}});
  auto reporter = make(server_.url());
  FakeDelivery delivery(testing::sample_report());
  char code[64] = {};
  char receipt[256] = {};
  char err[256] = {};
  vigil_delivery_outcome outcome{};
  outcome.struct_size = sizeof(outcome);
  outcome.code = code;
  outcome.code_cap = sizeof(code);
  outcome.receipt = receipt;
  outcome.receipt_cap = sizeof(receipt);
  const vigil_status status = vigil::plugin::details::deliver<webhook_reporter>(
      &reporter, delivery.view(), delivery.host(), &outcome, err, sizeof(err));
  EXPECT_EQ(status, VIGIL_ERROR_RETRY_LATER);
  EXPECT_STREQ(code, "http_503");
  EXPECT_EQ(outcome.retry_after_ms, 7000);
}

TEST_F(WebhookReporterTest, ClientErrorIsPermanent) {
  server_.respond(400, R"({"error":"bad"})");
  auto reporter = make(server_.url());
  FakeDelivery delivery(testing::sample_report());
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected permanent_failure";
  } catch (const permanent_failure& e) {
    EXPECT_EQ(e.reason(), "http_400");
  }
}

TEST_F(WebhookReporterTest, RequestTimeoutIsRetryable) {
  server_.respond(408);
  auto reporter = make(server_.url());
  FakeDelivery delivery(testing::sample_report());
  EXPECT_THROW(reporter.deliver(delivery.request()), retry_later);
}

TEST_F(WebhookReporterTest, UnreachableEndpointIsRetryLaterNetwork) {
  LoopbackServer gone;
  gone.start();
  const std::string url = gone.url("/hook");
  gone.stop();  // nothing listens on that port any more
  auto reporter = make(url);
  FakeDelivery delivery(testing::sample_report());
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected retry_later";
  } catch (const retry_later& e) {
    EXPECT_EQ(e.reason(), "network");
  }
}

TEST_F(WebhookReporterTest, SlowEndpointIsRetryLaterTimeout) {
  Settings settings{
      {"url", server_.url("/slow")}, {"secret_env", kSecretEnv}, {"timeout_seconds", "1"}};
  webhook_reporter reporter(settings.parsed(), testing::no_host());
  FakeDelivery delivery(testing::sample_report());
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected retry_later";
  } catch (const retry_later& e) {
    EXPECT_EQ(e.reason(), "timeout");
  }
}

TEST_F(WebhookReporterTest, EveryCallIsAuditedWithTheHostOnly) {
  server_.respond(500, "{}", {{"X-Request-ID", "rq-99"}});
  auto reporter = make(server_.url() + "?token=hunter2");
  FakeDelivery delivery(testing::sample_report());
  EXPECT_THROW(reporter.deliver(delivery.request()), retry_later);

  auto audits = delivery.audits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].event, "api_call");
  auto fields = nlohmann::json::parse(audits[0].fields_json);
  EXPECT_EQ(fields["endpoint"], "webhook");
  EXPECT_EQ(fields["destination"], "review-queue");
  EXPECT_EQ(fields["host"], "127.0.0.1");
  EXPECT_EQ(fields["status"], 500);
  EXPECT_EQ(fields["request_id"], "rq-99");
  EXPECT_TRUE(fields["duration_ms"].is_number());
  EXPECT_EQ(audits[0].fields_json.find("hunter2"), std::string::npos);
  EXPECT_EQ(audits[0].fields_json.find(kSecret), std::string::npos);
  EXPECT_EQ(audits[0].fields_json.find(testing::kUploaderIp), std::string::npos);
}

TEST_F(WebhookReporterTest, MissingSecretIsPermanentConfig) {
  ::unsetenv(kSecretEnv);
  Settings settings{{"url", server_.url()}, {"secret_env", kSecretEnv}};
  try {
    webhook_reporter reporter(settings.parsed(), testing::no_host());
    FAIL() << "expected permanent_failure";
  } catch (const permanent_failure& e) {
    EXPECT_EQ(e.reason(), "config");
    EXPECT_NE(std::string(e.what()).find(kSecretEnv), std::string::npos);
  }
  EXPECT_TRUE(server_.received().empty());
}

TEST_F(WebhookReporterTest, SecretFileIsTrimmedAndWinsOverTheEnvironment) {
  testing::TempDir dir;
  const std::string path = dir.file("secret");
  std::ofstream(path) << "  file-secret-value\n";
  ::setenv(kSecretEnv, "env-secret-value", 1);
  Settings settings{{"url", server_.url()}, {"secret_env", kSecretEnv}, {"secret_file", path}};
  webhook_reporter reporter(settings.parsed(), testing::no_host());
  FakeDelivery delivery(testing::sample_report());
  reporter.deliver(delivery.request());
  auto received = server_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].signature, receiver_signature("file-secret-value", received[0].body));
}

TEST_F(WebhookReporterTest, BadSettingsAreRefusedAtConstruction) {
  Settings no_url{{"secret_env", kSecretEnv}};
  EXPECT_THROW(webhook_reporter(no_url.parsed(), testing::no_host()), vigil::plugin::error);
  Settings plain_http{{"url", "http://example.com/hook"}, {"secret_env", kSecretEnv}};
  EXPECT_THROW(webhook_reporter(plain_http.parsed(), testing::no_host()), vigil::plugin::error);
  Settings bad_timeout{
      {"url", server_.url()}, {"secret_env", kSecretEnv}, {"timeout_seconds", "0"}};
  EXPECT_THROW(webhook_reporter(bad_timeout.parsed(), testing::no_host()), vigil::plugin::error);
}

TEST_F(WebhookReporterTest, RetractionRequestSendsNothing) {
  auto reporter = make(server_.url());
  FakeDelivery delivery(testing::sample_report());
  delivery.request_retract();
  EXPECT_EQ(reporter.deliver(delivery.request()).result, delivery_result::retracted);
  EXPECT_TRUE(server_.received().empty());
}

TEST_F(WebhookReporterTest, MalformedReportIsPermanent) {
  auto reporter = make(server_.url());
  FakeDelivery delivery("not json");
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected permanent_failure";
  } catch (const permanent_failure& e) {
    EXPECT_EQ(e.reason(), "invalid_report");
  }
}

TEST(HmacSha256Test, Rfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SecretSourceTest, EmptyOrAbsentSecretsAreConfigErrors) {
  ::setenv("VIGIL_PORTAL_TEST_BLANK", "  \n", 1);
  for (const secret_location& where :
       {secret_location{"", "VIGIL_PORTAL_TEST_BLANK"}, secret_location{"", ""},
        secret_location{"/nonexistent/vigil/secret", ""},
        secret_location{"", "VIGIL_PORTAL_TEST_SURELY_UNSET"}}) {
    try {
      (void)load_secret(where);
      ADD_FAILURE() << "expected permanent_failure for file='" << where.file << "' env='"
                    << where.env << "'";
    } catch (const permanent_failure& e) {
      EXPECT_EQ(e.reason(), "config");
    }
  }
  ::unsetenv("VIGIL_PORTAL_TEST_BLANK");
  ::setenv("VIGIL_PORTAL_TEST_PADDED", "\tvalue \r\n", 1);
  EXPECT_EQ(load_secret({"", "VIGIL_PORTAL_TEST_PADDED"}), "value");
  ::unsetenv("VIGIL_PORTAL_TEST_PADDED");
}

}  // namespace
}  // namespace vigil::portal
