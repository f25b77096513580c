// HttpClient against a real HTTP server on 127.0.0.1: methods, bodies, multipart file
// streaming, the response cap, refused connections, timeouts and the URL policy.
#include "http/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/retry_after.hpp"
#include "loopback_server.hpp"

namespace vigil::portal {
namespace {

using testing::LoopbackServer;

HttpResponse expect_response(const std::variant<HttpResponse, HttpError>& result) {
  if (const auto* error = std::get_if<HttpError>(&result)) {
    ADD_FAILURE() << "unexpected HttpError " << to_string(error->kind) << ": " << error->message;
    return {};
  }
  return std::get<HttpResponse>(result);
}

HttpError expect_error(const std::variant<HttpResponse, HttpError>& result) {
  if (const auto* response = std::get_if<HttpResponse>(&result)) {
    ADD_FAILURE() << "unexpected HttpResponse with status " << response->status;
    return {HttpErrorKind::network, "", 0, 0};
  }
  return std::get<HttpError>(result);
}

// Patterned, non-repeating-looking bytes (every byte value appears).
std::string test_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t state = 12345;
  for (auto& b : bytes) {
    state = state * 1103515245u + 12345u;
    b = static_cast<char>(state >> 24);
  }
  return bytes;
}

class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    path_ = std::filesystem::temp_directory_path() /
            ("vigil_http_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::ofstream out(path_, std::ios::binary);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline std::atomic<int> counter_{0};
  std::filesystem::path path_;
};

// A TCP port on 127.0.0.1 that is bound but not listening: connecting is refused.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot reserve a port");
    }
    port_ = ntohs(address.sin_port);
  }
  ~ClosedPort() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(HttpClientTest, GetReturnsStatusBodyAndLowerCasedHeaders) {
  LoopbackServer server;
  std::string seen_agent, seen_custom;
  server.http().Get("/status", [&](const httplib::Request& req, httplib::Response& res) {
    seen_agent = req.get_header_value("User-Agent");
    seen_custom = req.get_header_value("X-Custom");
    res.set_header("Request-ID", "req-42");
    res.set_content("<reportResponse><responseCode>0</responseCode></reportResponse>", "text/xml");
  });
  server.start();

  HttpClient client(HttpClientOptions{"", "vigil-test/1"});
  HttpRequest request;
  request.method = "GET";
  request.url = server.url("/status");
  request.headers = {{"X-Custom", "yes"}};
  HttpResponse response = expect_response(client.send(request));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<reportResponse><responseCode>0</responseCode></reportResponse>");
  EXPECT_EQ(response.header("request-id"), "req-42");
  EXPECT_EQ(response.header("content-type"), "text/xml");
  EXPECT_EQ(response.header("absent"), "");
  EXPECT_GT(response.duration_ms, 0.0);
  EXPECT_EQ(seen_agent, "vigil-test/1");
  EXPECT_EQ(seen_custom, "yes");
}

TEST(HttpClientTest, PostSendsBodyContentTypeAndBasicAuth) {
  LoopbackServer server;
  std::string body, type, auth, method;
  server.http().Post("/submit", [&](const httplib::Request& req, httplib::Response& res) {
    method = req.method;
    body = req.body;
    type = req.get_header_value("Content-Type");
    auth = req.get_header_value("Authorization");
    res.status = 201;
    res.set_content("created", "text/plain");
  });
  server.start();

  HttpRequest request;
  request.url = server.url("/submit");
  request.body = "<report><x>\xC3\xA9</x></report>";
  request.content_type = "text/xml; charset=utf-8";
  request.basic_auth = std::make_pair("reporter", "s3cret-pw");
  HttpResponse response = expect_response(HttpClient().send(request));

  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "created");
  EXPECT_EQ(method, "POST");
  EXPECT_EQ(body, request.body);
  EXPECT_EQ(type, "text/xml; charset=utf-8");
  EXPECT_EQ(auth, "Basic cmVwb3J0ZXI6czNjcmV0LXB3");
}

TEST(HttpClientTest, PostsUrlEncodedForm) {
  LoopbackServer server;
  std::string id, note;
  server.http().Post("/finish", [&](const httplib::Request& req, httplib::Response& res) {
    id = req.get_param_value("id");
    note = req.get_param_value("note");
    res.set_content("ok", "text/plain");
  });
  server.start();

  HttpRequest request;
  request.url = server.url("/finish");
  request.body = url_encode_form({{"id", "12 34"}, {"note", "a&b=c/\xC3\xA9"}});
  request.content_type = "application/x-www-form-urlencoded";
  EXPECT_EQ(expect_response(HttpClient().send(request)).status, 200);
  EXPECT_EQ(id, "12 34");
  EXPECT_EQ(note, "a&b=c/\xC3\xA9");
}

TEST(HttpClientTest, MultipartStreamsTheFilePartByteForByte) {
  const std::string bytes = test_bytes(300 * 1024 + 7);
  TempFile file(bytes);
  LoopbackServer server;
  std::mutex mutex;
  std::string id_value, file_content, file_name, file_type;
  bool has_file = false;
  server.http().Post("/upload", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    id_value = req.get_file_value("id").content;
    has_file = req.has_file("file");
    const auto part = req.get_file_value("file");
    file_content = part.content;
    file_name = part.filename;
    file_type = part.content_type;
    res.set_content("uploaded", "text/plain");
  });
  server.start();

  HttpRequest request;
  request.url = server.url("/upload");
  request.multipart = {HttpPart{"id", "report-77", "", "", ""},
                       HttpPart{"file", "", file.path(), "evidence.jpg", "image/jpeg"}};
  HttpResponse response = expect_response(HttpClient().send(request));
  EXPECT_EQ(response.status, 200);

  std::lock_guard lock(mutex);
  EXPECT_EQ(id_value, "report-77");
  ASSERT_TRUE(has_file);
  EXPECT_EQ(file_name, "evidence.jpg");
  EXPECT_EQ(file_type, "image/jpeg");
  EXPECT_EQ(file_content.size(), bytes.size());
  EXPECT_TRUE(file_content == bytes) << "the server received different bytes";
}

TEST(HttpClientTest, UnreadableFilePartIsFileUnreadable) {
  HttpRequest request;
  request.url = "http://127.0.0.1:9/upload";  // never contacted
  request.multipart = {HttpPart{"file", "", "/nonexistent/vigil/evidence.jpg", "e.jpg", ""}};
  HttpError error = expect_error(HttpClient().send(request));
  EXPECT_EQ(error.kind, HttpErrorKind::file_unreadable);
}

TEST(HttpClientTest, ResponseLongerThanTheCapIsResponseTooLarge) {
  LoopbackServer server;
  const std::string big(100 * 1024, 'x');
  server.http().Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big, "text/plain");  // with Content-Length
  });
  server.http().Get("/big-chunked", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [&](std::size_t, httplib::DataSink& sink) {
      for (int i = 0; i < 100; ++i) sink.write(big.data(), 1024);  // no Content-Length
      sink.done();
      return true;
    });
  });
  server.http().Get("/small", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(64 * 1024, 'y'), "text/plain");  // exactly the cap
  });
  server.start();

  HttpRequest request;
  request.method = "GET";
  for (const char* path : {"/big", "/big-chunked"}) {
    request.url = server.url(path);
    HttpError error = expect_error(HttpClient().send(request));
    EXPECT_EQ(error.kind, HttpErrorKind::response_too_large) << path << ": " << error.message;
  }
  request.url = server.url("/small");
  EXPECT_EQ(expect_response(HttpClient().send(request)).body.size(), 64u * 1024u);
  request.url = server.url("/big");
  request.max_response_bytes = 200 * 1024;
  EXPECT_EQ(expect_response(HttpClient().send(request)).body.size(), big.size());
}

TEST(HttpClientTest, ConnectionRefusedIsNetworkAndNeverLeaksCredentials) {
  ClosedPort closed;
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(closed.port()) + "/submit?token=abc";
  request.body = "secret body";
  request.basic_auth = std::make_pair("reporter", "s3cret-pw");
  HttpError error = expect_error(HttpClient().send(request));
  EXPECT_EQ(error.kind, HttpErrorKind::network) << error.message;
  EXPECT_FALSE(error.message.empty());
  EXPECT_EQ(error.message.find("s3cret-pw"), std::string::npos);
  EXPECT_EQ(error.message.find("token=abc"), std::string::npos);
  EXPECT_EQ(error.message.find("secret body"), std::string::npos);
}

TEST(HttpClientTest, SlowServerIsTimeout) {
  LoopbackServer server;
  server.http().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    server.wait_or_release(std::chrono::seconds(5));
    res.set_content("late", "text/plain");
  });
  server.start();

  HttpRequest request;
  request.method = "GET";
  request.url = server.url("/slow");
  request.timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  HttpError error = expect_error(HttpClient().send(request));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(error.kind, HttpErrorKind::timeout) << error.message;
  EXPECT_LT(waited, std::chrono::seconds(3));
  EXPECT_GE(error.duration_ms, 250.0);
}

TEST(HttpClientTest, RedirectsAreNotFollowed) {
  LoopbackServer server;
  std::atomic<int> target_hits{0};
  server.http().Get("/moved", [&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect(server.url("/target"));
  });
  server.http().Get("/target", [&](const httplib::Request&, httplib::Response& res) {
    ++target_hits;
    res.set_content("target", "text/plain");
  });
  server.start();

  HttpRequest request;
  request.method = "GET";
  request.url = server.url("/moved");
  HttpResponse response = expect_response(HttpClient().send(request));
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(target_hits.load(), 0);
}

TEST(HttpClientTest, ConcurrentSendsFromManyThreads) {
  LoopbackServer server;
  server.http().Get(R"(/echo/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.matches[1].str(), "text/plain");
  });
  server.start();

  const HttpClient client;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        HttpRequest request;
        request.method = "GET";
        const std::string n = std::to_string(t * 100 + i);
        request.url = server.url("/echo/" + n);
        auto result = client.send(request);
        if (auto* r = std::get_if<HttpResponse>(&result); r && r->body == n) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 40);
}

TEST(HttpClientTest, RefusedUrlIsNeverContacted) {
  HttpRequest request;
  request.url = "http://example.com/submit";
  HttpError error = expect_error(HttpClient().send(request));
  EXPECT_EQ(error.kind, HttpErrorKind::refused_url);
  request.url = "not a url";
  EXPECT_EQ(expect_error(HttpClient().send(request)).kind, HttpErrorKind::refused_url);
}

TEST(HttpClientTest, MalformedRequestsThrow) {
  HttpRequest request;
  request.url = "http://127.0.0.1:9/";
  request.method = "PUT";
  EXPECT_THROW((void)HttpClient().send(request), std::invalid_argument);
  request.method = "POST";
  request.headers = {{"X-Evil", "a\r\nInjected: yes"}};
  EXPECT_THROW((void)HttpClient().send(request), std::invalid_argument);
}

TEST(UrlAllowedTest, HttpsAlwaysHttpOnlyToLoopback) {
  EXPECT_TRUE(url_allowed("https://report.cybertip.org/ispws/submit"));
  EXPECT_TRUE(url_allowed("https://example.com"));
  EXPECT_TRUE(url_allowed("http://127.0.0.1/"));
  EXPECT_TRUE(url_allowed("http://127.0.0.1:8080/ispws/status"));
  EXPECT_TRUE(url_allowed("http://localhost:1234/x"));
  EXPECT_TRUE(url_allowed("http://[::1]:1234/x"));
  EXPECT_TRUE(url_allowed("HTTP://LOCALHOST/x"));

  EXPECT_FALSE(url_allowed("http://example.com/"));
  EXPECT_FALSE(url_allowed("http://127.0.0.2/"));
  EXPECT_FALSE(url_allowed("http://127.0.0.1@evil.example/"));
  EXPECT_FALSE(url_allowed("http://localhost.evil.example/"));
  EXPECT_FALSE(url_allowed("ftp://127.0.0.1/"));
  EXPECT_FALSE(url_allowed("file:///etc/passwd"));
  EXPECT_FALSE(url_allowed("example.com"));
  EXPECT_FALSE(url_allowed(""));
  EXPECT_FALSE(url_allowed(std::string_view("https://a.example\0.evil", 24)));
}

TEST(UrlAllowedTest, HostIsExtractedForLogs) {
  EXPECT_EQ(url_host("https://hooks.example.com:8443/x?token=secret"), "hooks.example.com");
  EXPECT_EQ(url_host("nonsense"), "");
}

TEST(UrlEncodeFormTest, PercentEncodesNamesAndValues) {
  EXPECT_EQ(url_encode_form({{"id", "123"}}), "id=123");
  EXPECT_EQ(url_encode_form({{"id", "12 3"}, {"a&b", "x=y/\xC3\xA9~._-"}}),
            "id=12%203&a%26b=x%3Dy%2F%C3%A9~._-");
  EXPECT_EQ(url_encode_form({}), "");
}

TEST(RetryAfterTest, SecondsAndHttpDates) {
  EXPECT_EQ(retry_after_ms("7"), 7000);
  EXPECT_EQ(retry_after_ms(" 120 "), 120000);
  EXPECT_EQ(retry_after_ms(""), 0);
  EXPECT_EQ(retry_after_ms("soon"), 0);
  EXPECT_EQ(retry_after_ms("-5"), 0);
  EXPECT_EQ(retry_after_ms("99999999999999999999"), kMaxRetryAfterMs);
  // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480.
  EXPECT_EQ(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 30), 30000);
  EXPECT_EQ(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 30), 0);
}

}  // namespace
}  // namespace vigil::portal
