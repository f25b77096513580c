#include "test_portal.hpp"

#include <httplib.h>
#include <openssl/evp.h>
#include <pthread.h>

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "loopback_connections.hpp"
#include "portal_documents.hpp"

namespace vigil::testing {
namespace {

using namespace details;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::size_t kMaxBodyBytes = std::size_t{64} << 20;
constexpr std::int64_t kFirstReportId = 100000;
constexpr int kServerThreads = 8;
constexpr int kLingerMs = 5000;  // after a 413, how long to discard the unread body
constexpr char kLoopback[] = "127.0.0.1";
constexpr std::string_view kPrefix = "/ispws";

enum class Endpoint { status, submit, upload, fileinfo, finish, retract, unknown };

struct EndpointInfo {
  std::string_view path;  // below /ispws
  std::string_view method;
};
constexpr std::array<EndpointInfo, 6> kEndpoints{{
    {"/status", "GET"},
    {"/submit", "POST"},
    {"/upload", "POST"},
    {"/fileinfo", "POST"},
    {"/finish", "POST"},
    {"/retract", "POST"},
}};

// "/ispws/submit" -> "/submit"; anything outside /ispws stays as it is.
std::string_view below_prefix(std::string_view path) {
  if (path.substr(0, kPrefix.size()) == kPrefix) path.remove_prefix(kPrefix.size());
  return path;
}

Endpoint endpoint_of(std::string_view path) {
  if (path.substr(0, kPrefix.size()) != kPrefix) return Endpoint::unknown;
  const std::string_view rest = below_prefix(path);
  for (std::size_t i = 0; i < kEndpoints.size(); ++i) {
    if (kEndpoints[i].path == rest) return static_cast<Endpoint>(i);
  }
  return Endpoint::unknown;
}

std::string md5_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_md5(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(MD5) failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      const auto [end, error] =
          std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error != std::errc{} || end != text.data() + i + 3) {
        out += text[i];
        continue;
      }
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The value of `name` in an application/x-www-form-urlencoded body.
std::optional<std::string> form_field(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::optional<std::size_t> content_length(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return std::nullopt;
  const std::string text = req.get_header_value("Content-Length");
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

enum class FaultKind { fail_http, respond_code, unauthorized, delay, drop };

struct Fault {
  FaultKind kind;
  std::string endpoint;  // below /ispws, or "*"
  int remaining;
  int value;  // HTTP status, response code or milliseconds
  int retry_after_seconds;
};

// What a request gets, decided under the state mutex.
struct Outcome {
  int http_status = 200;
  std::optional<int> response_code;
  std::string body;
  std::string content_type;
  httplib::Headers headers;
  std::string report_id;
  int delay_ms = 0;
  bool drop = false;
};

Outcome xml_outcome(std::string body, int response_code, std::string report_id) {
  Outcome outcome;
  outcome.response_code = response_code;
  outcome.body = std::move(body);
  outcome.content_type = "text/xml";
  outcome.report_id = std::move(report_id);
  return outcome;
}

Outcome code_outcome(int response_code, std::string_view description, std::string report_id) {
  const std::string text = description.empty()
                               ? describe_code(response_code)
                               : describe_code(response_code) + ": " + std::string(description);
  std::string body = report_response(response_code, text, report_id);
  return xml_outcome(std::move(body), response_code, std::move(report_id));
}

Outcome http_outcome(int http_status, std::string text) {
  Outcome outcome;
  outcome.http_status = http_status;
  outcome.body = std::move(text);
  outcome.content_type = "text/plain";
  return outcome;
}

Outcome unauthorized_outcome() {
  Outcome outcome;
  outcome.http_status = 401;
  outcome.headers.emplace("WWW-Authenticate", "Basic realm=\"ispws\"");
  return outcome;
}

}  // namespace

const char* to_string(PortalReportState state) {
  switch (state) {
    case PortalReportState::open:
      return "open";
    case PortalReportState::finished:
      return "finished";
    case PortalReportState::retracted:
      return "retracted";
    case PortalReportState::expired:
      return "expired";
  }
  return "?";
}

const char* to_string(CallPhase phase) {
  switch (phase) {
    case CallPhase::received:
      return "received";
    case CallPhase::committed:
      return "committed";
    case CallPhase::responded:
      return "responded";
  }
  return "?";
}

class TestPortal::Impl {
 public:
  explicit Impl(TestPortalOptions options) : options_(std::move(options)), port_(options_.port) {
    std::random_device seed;
    char prefix[16];
    std::snprintf(prefix, sizeof(prefix), "%08x", seed());
    request_id_prefix_ = prefix;
    expected_authorization_ = base64(options_.user + ":" + options_.password);
  }

  ~Impl() { stop(); }

  void start();
  void stop();

  int port() const {
    std::lock_guard lock(mutex_);
    return port_;
  }

  std::vector<PortalCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  std::vector<PortalReport> reports() {
    std::lock_guard lock(mutex_);
    expire(now());
    return reports_;
  }

  std::size_t finished_count(const std::string& case_id) {
    std::lock_guard lock(mutex_);
    expire(now());
    std::size_t count = 0;
    for (const PortalReport& report : reports_) {
      if (report.case_id == case_id && report.state == PortalReportState::finished) ++count;
    }
    return count;
  }

  void add_fault(FaultKind kind, const std::string& endpoint, int count, int value,
                 int retry_after_seconds = -1) {
    if (count <= 0) return;
    const std::string key = endpoint == "*" ? endpoint : std::string(below_prefix(endpoint));
    std::lock_guard lock(mutex_);
    faults_.push_back(Fault{kind, key, count, value, retry_after_seconds});
  }

  void clear_faults() {
    std::lock_guard lock(mutex_);
    faults_.clear();
  }

  void set_down(bool down) {
    std::lock_guard lock(mutex_);
    down_ = down;
  }

  void on_call(PortalCallObserver observer) {
    auto shared = observer ? std::make_shared<const PortalCallObserver>(std::move(observer))
                           : std::shared_ptr<const PortalCallObserver>{};
    std::unique_lock lock(mutex_);
    observer_ = std::move(shared);
    // From an observer (or the clock) waiting would deadlock: that call is still running.
    if (active_ && active_->owner == this) return;
    observers_idle_.wait(lock, [this] { return observers_running_ == 0; });
  }

 private:
  // The request the current server thread is serving (httplib runs each request start to
  // finish on one pool thread: pre-routing, handler, error handler, logger).
  struct ActiveCall {
    Impl* owner = nullptr;
    std::size_t index = 0;
    int phases_fired = 0;  // how many of received, committed, responded the observer saw
  };
  static thread_local std::optional<ActiveCall> active_;

  void configure(httplib::Server& server);
  void begin_call(const httplib::Request& req, httplib::Response& res);
  void advance(CallPhase phase);
  void finish_call(const httplib::Request& req, const httplib::Response& res);
  void handle(const httplib::Request& req, httplib::Response& res);
  Outcome decide(const httplib::Request& req);
  Outcome serve(Endpoint endpoint, const httplib::Request& req, std::int64_t now);
  Outcome serve_submit(const httplib::Request& req, std::int64_t now);
  Outcome serve_upload(const httplib::Request& req, std::int64_t now);
  Outcome serve_fileinfo(const httplib::Request& req, std::int64_t now);
  Outcome serve_finish(const httplib::Request& req);
  Outcome serve_retract(const httplib::Request& req);
  std::optional<Fault> take_fault(FaultKind kind, std::string_view path);
  PortalReport* find_report(std::string_view report_id);
  bool authorized(const httplib::Request& req) const;
  std::int64_t now() const;
  void expire(std::int64_t now);

  const TestPortalOptions options_;
  std::string request_id_prefix_;
  std::string expected_authorization_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;  // stop() interrupts delays
  int port_;
  bool down_ = false;
  bool stopping_ = false;
  std::uint64_t next_request_ = 1;
  std::uint64_t next_file_ = 1;
  std::vector<PortalCall> calls_;
  std::vector<PortalReport> reports_;  // reports_[i] has id kFirstReportId + i
  std::deque<Fault> faults_;
  std::shared_ptr<const PortalCallObserver> observer_;
  int observers_running_ = 0;  // observer calls in progress
  std::condition_variable observers_idle_;

  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
};

thread_local std::optional<TestPortal::Impl::ActiveCall> TestPortal::Impl::active_;

std::int64_t TestPortal::Impl::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void TestPortal::Impl::expire(std::int64_t now) {
  for (PortalReport& report : reports_) {
    if (report.state != PortalReportState::open) continue;
    if (now >= std::max(report.opened_at_ms + kDayMs, report.last_change_ms + kHourMs)) {
      report.state = PortalReportState::expired;
    }
  }
}

void TestPortal::Impl::start() {
  std::unique_lock lock(mutex_);
  if (server_) throw std::logic_error("TestPortal::start: already running");
  auto server = std::make_unique<httplib::Server>();
  configure(*server);
  if (port_ != 0) {
    if (!server->bind_to_port(kLoopback, port_)) {
      throw std::runtime_error("TestPortal::start: cannot bind 127.0.0.1:" + std::to_string(port_));
    }
  } else {
    const int bound = server->bind_to_any_port(kLoopback);
    if (bound <= 0) throw std::runtime_error("TestPortal::start: cannot bind 127.0.0.1");
    port_ = bound;
  }
  stopping_ = false;
  server_ = std::move(server);
  listener_ = std::thread([server = server_.get()] {
    // The pool threads httplib creates inherit this mask, so writing to a connection the
    // client closed (or drop_after_commit shut down) fails with EPIPE instead of raising
    // SIGPIPE. (httplib::Server's constructor also sets SIGPIPE to SIG_IGN process-wide;
    // this keeps us safe should a test restore the default.)
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    server->listen_after_bind();
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      lock.unlock();
      stop();
      throw std::runtime_error("TestPortal::start: the server did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void TestPortal::Impl::stop() {
  if (active_ && active_->owner == this) {
    throw std::logic_error("TestPortal::stop: called from a server thread");
  }
  std::unique_ptr<httplib::Server> server;
  std::thread listener;
  int port = 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    server = std::move(server_);
    listener = std::move(listener_);
    port = port_;
  }
  wake_.notify_all();
  if (!server) return;
  server->stop();
  // Idle keep-alive connections would hold their pool thread (and so this join) for up to
  // the keep-alive timeout; in-flight ones would finish writing. Cut them all.
  shutdown_loopback_connections(port);
  if (listener.joinable()) listener.join();
}

void TestPortal::Impl::configure(httplib::Server& server) {
  server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    begin_call(req, res);
    const std::optional<std::size_t> length = content_length(req);
    if (length && *length > kMaxBodyBytes) {
      res.status = 413;
      res.set_content("request body larger than 64 MiB\n", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // A client that sends "Expect: 100-continue" hears of an oversized body before sending it.
  server.set_expect_100_continue_handler([](const httplib::Request& req, httplib::Response& res) {
    const std::optional<std::size_t> length = content_length(req);
    if (length && *length > kMaxBodyBytes) {
      res.status = 413;
      return 413;
    }
    return 100;
  });
  const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    handle(req, res);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);
  // Runs before any response with status >= 400 is written, including those httplib makes
  // itself (a bad request line, a body it could not read, 413 on a chunked body): make sure
  // they are recorded and carry a Request-ID too.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!active_ || active_->owner != this) begin_call(req, res);
        if (!res.has_header("Request-ID")) {
          std::lock_guard lock(mutex_);
          res.set_header("Request-ID", calls_[active_->index].request_id);
        }
        {
          std::lock_guard lock(mutex_);
          PortalCall& call = calls_[active_->index];
          if (call.http_status == 0 && !call.dropped) call.http_status = res.status;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      }));
  // Called after the response was written (or failed to be).
  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (!active_ || active_->owner != this) {
      httplib::Response scratch;
      begin_call(req, scratch);
    }
    finish_call(req, res);
  });
}

void TestPortal::Impl::begin_call(const httplib::Request& req, httplib::Response& res) {
  PortalCall call;
  call.method = req.method;
  call.path = req.path;
  std::size_t index = 0;
  {
    std::lock_guard lock(mutex_);
    call.at_ms = now();
    char id[48];
    std::snprintf(id, sizeof(id), "%s-%06llu", request_id_prefix_.c_str(),
                  static_cast<unsigned long long>(next_request_++));
    call.request_id = id;
    index = calls_.size();
    calls_.push_back(call);
  }
  active_ = ActiveCall{this, index, 0};
  res.set_header("Request-ID", call.request_id);
}

void TestPortal::Impl::advance(CallPhase phase) {
  ActiveCall& active = *active_;
  while (active.phases_fired <= static_cast<int>(phase)) {
    const auto current = static_cast<CallPhase>(active.phases_fired++);
    PortalCall snapshot;
    std::shared_ptr<const PortalCallObserver> observer;
    {
      std::lock_guard lock(mutex_);
      snapshot = calls_[active.index];
      observer = observer_;
      if (observer) ++observers_running_;
    }
    if (!observer) continue;
    try {
      (*observer)(snapshot, current);
    } catch (const std::exception& e) {
      std::cerr << "TestPortal: the observer threw: " << e.what() << "\n";
    } catch (...) {
      std::cerr << "TestPortal: the observer threw\n";
    }
    {
      std::lock_guard lock(mutex_);
      --observers_running_;
    }
    observers_idle_.notify_all();
  }
}

void TestPortal::Impl::finish_call(const httplib::Request& req, const httplib::Response& res) {
  {
    std::lock_guard lock(mutex_);
    PortalCall& call = calls_[active_->index];
    if (call.http_status == 0 && !call.dropped) call.http_status = res.status;
  }
  advance(CallPhase::responded);
  active_.reset();
  // A 413 leaves the client's body unread (unless it waited for "100 Continue"): close the
  // connection rather than parse the rest of the body as the next request.
  if (res.status == 413 && req.get_header_value("Expect") != "100-continue") {
    linger_loopback_connection(req.local_port > 0 ? req.local_port : port(), req.remote_port,
                               kLingerMs);
  }
}

void TestPortal::Impl::handle(const httplib::Request& req, httplib::Response& res) {
  if (!active_ || active_->owner != this) begin_call(req, res);
  advance(CallPhase::received);
  Outcome outcome = decide(req);
  res.status = outcome.http_status;
  for (const auto& [name, value] : outcome.headers) res.set_header(name, value);
  if (!outcome.body.empty() || !outcome.content_type.empty()) {
    res.set_content(outcome.body, outcome.content_type);
  }
  advance(CallPhase::committed);
  if (outcome.delay_ms > 0) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(outcome.delay_ms), [&] { return stopping_; });
  }
  if (outcome.drop) {
    const int local_port = req.local_port > 0 ? req.local_port : port();
    if (shutdown_loopback_connections(local_port, req.remote_port) == 0) {
      // Could not find the socket: still deny the client a usable response by promising
      // a body and failing to produce it (the headers do go out).
      res.body.clear();
      res.headers.erase("Content-Type");
      res.set_content_provider(1, "text/xml",
                               [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
    }
  }
}

Outcome TestPortal::Impl::decide(const httplib::Request& req) {
  std::lock_guard lock(mutex_);
  const std::int64_t time = now();
  expire(time);
  const Endpoint endpoint = endpoint_of(req.path);
  Outcome outcome = [&] {
    if (down_) return http_outcome(503, "service unavailable (TestPortal is down)\n");
    if (auto fault = take_fault(FaultKind::fail_http, req.path)) {
      Outcome failed =
          http_outcome(fault->value, "injected HTTP " + std::to_string(fault->value) + "\n");
      if (fault->retry_after_seconds >= 0) {
        failed.headers.emplace("Retry-After", std::to_string(fault->retry_after_seconds));
      }
      return failed;
    }
    if (endpoint == Endpoint::unknown) return http_outcome(404, "not found\n");
    if (take_fault(FaultKind::unauthorized, req.path)) return unauthorized_outcome();
    if (!authorized(req)) return unauthorized_outcome();
    const EndpointInfo& info = kEndpoints[static_cast<std::size_t>(endpoint)];
    if (req.method != info.method && !(req.method == "HEAD" && info.method == "GET")) {
      Outcome wrong = http_outcome(405, "method not allowed\n");
      wrong.headers.emplace("Allow", std::string(info.method));
      return wrong;
    }
    if (auto fault = take_fault(FaultKind::respond_code, req.path)) {
      std::string report_id;
      if (req.has_file("id")) report_id = std::string(trim(req.get_file_value("id").content));
      if (starts_with_ignoring_case(req.get_header_value("Content-Type"),
                                    "application/x-www-form-urlencoded")) {
        report_id = form_field(req.body, "id").value_or("");
      }
      return code_outcome(fault->value, "injected", report_id);
    }
    Outcome served = serve(endpoint, req, time);
    if (auto fault = take_fault(FaultKind::delay, req.path)) served.delay_ms = fault->value;
    if (take_fault(FaultKind::drop, req.path)) served.drop = true;
    return served;
  }();
  PortalCall& call = calls_[active_->index];
  call.http_status = outcome.drop ? 0 : outcome.http_status;
  call.dropped = outcome.drop;
  call.response_code = outcome.response_code;
  call.report_id = outcome.report_id;
  return outcome;
}

std::optional<Fault> TestPortal::Impl::take_fault(FaultKind kind, std::string_view path) {
  const std::string_view endpoint = below_prefix(path);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->kind != kind || (it->endpoint != "*" && it->endpoint != endpoint)) continue;
    Fault fault = *it;
    if (--it->remaining <= 0) faults_.erase(it);
    return fault;
  }
  return std::nullopt;
}

bool TestPortal::Impl::authorized(const httplib::Request& req) const {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "Basic ";
  if (!starts_with_ignoring_case(header, kScheme)) return false;
  return trim(std::string_view(header).substr(kScheme.size())) == expected_authorization_;
}

PortalReport* TestPortal::Impl::find_report(std::string_view report_id) {
  report_id = trim(report_id);
  std::int64_t id = 0;
  const auto [end, error] =
      std::from_chars(report_id.data(), report_id.data() + report_id.size(), id);
  if (report_id.empty() || error != std::errc{} || end != report_id.data() + report_id.size()) {
    return nullptr;
  }
  if (id < kFirstReportId || id - kFirstReportId >= static_cast<std::int64_t>(reports_.size())) {
    return nullptr;
  }
  return &reports_[static_cast<std::size_t>(id - kFirstReportId)];
}

Outcome TestPortal::Impl::serve(Endpoint endpoint, const httplib::Request& req, std::int64_t now) {
  switch (endpoint) {
    case Endpoint::status:
      return code_outcome(kSuccess, "", "");
    case Endpoint::submit:
      return serve_submit(req, now);
    case Endpoint::upload:
      return serve_upload(req, now);
    case Endpoint::fileinfo:
      return serve_fileinfo(req, now);
    case Endpoint::finish:
      return serve_finish(req);
    case Endpoint::retract:
      return serve_retract(req);
    case Endpoint::unknown:
      break;
  }
  return http_outcome(404, "not found\n");
}

namespace {

bool is_xml(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  return starts_with_ignoring_case(type, "text/xml") ||
         starts_with_ignoring_case(type, "application/xml");
}

// The refusal for a report that cannot take `action` (it is not open), else nullopt.
std::optional<Outcome> refuse_closed(const PortalReport* report, std::string_view report_id) {
  const std::string id(report_id);
  if (report == nullptr) return code_outcome(kReportNotFound, "no report " + id, id);
  switch (report->state) {
    case PortalReportState::open:
      return std::nullopt;
    case PortalReportState::finished:
      return code_outcome(kAlreadyFinished, "", id);
    case PortalReportState::retracted:
      return code_outcome(kReportNotFound, "report " + id + " was retracted", id);
    case PortalReportState::expired:
      return code_outcome(kReportNotFound, "report " + id + " expired", id);
  }
  return std::nullopt;
}

}  // namespace

Outcome TestPortal::Impl::serve_submit(const httplib::Request& req, std::int64_t now) {
  if (!is_xml(req)) return code_outcome(kInvalidRequest, "expected a text/xml body", "");
  ReportCheck check = check_report(req.body);
  if (!check.ok()) return code_outcome(check.response_code, check.description, "");
  PortalReport report;
  report.report_id = std::to_string(kFirstReportId + static_cast<std::int64_t>(reports_.size()));
  report.state = PortalReportState::open;
  report.report_xml = req.body;
  report.opened_at_ms = now;
  report.last_change_ms = now;
  report.case_id = std::move(check.case_id);
  reports_.push_back(report);
  return code_outcome(kSuccess, "", report.report_id);
}

Outcome TestPortal::Impl::serve_upload(const httplib::Request& req, std::int64_t now) {
  if (!req.is_multipart_form_data()) {
    return code_outcome(kInvalidRequest, "expected a multipart/form-data body", "");
  }
  if (!req.has_file("id")) return code_outcome(kInvalidRequest, "the part 'id' is missing", "");
  const std::string report_id(trim(req.get_file_value("id").content));
  if (!req.has_file("file")) {
    return code_outcome(kInvalidRequest, "the part 'file' is missing", report_id);
  }
  const httplib::MultipartFormData file = req.get_file_value("file");
  if (file.filename.empty()) {
    return code_outcome(kInvalidRequest, "the part 'file' has no filename", report_id);
  }
  PortalReport* report = find_report(report_id);
  if (auto refusal = refuse_closed(report, report_id)) return *refusal;
  char file_id[40];
  std::snprintf(file_id, sizeof(file_id), "%016llx%016llx",
                static_cast<unsigned long long>(std::stoll(report->report_id)),
                static_cast<unsigned long long>(next_file_++));
  PortalFile stored;
  stored.file_id = file_id;
  stored.file_name = file.filename;
  stored.md5_hex = md5_hex(file.content);
  stored.size = file.content.size();
  report->files.push_back(stored);
  report->last_change_ms = now;
  Outcome outcome = xml_outcome(
      report_response(kSuccess, describe_code(kSuccess), report_id, stored.file_id, stored.md5_hex),
      kSuccess, report_id);
  return outcome;
}

Outcome TestPortal::Impl::serve_fileinfo(const httplib::Request& req, std::int64_t now) {
  if (!is_xml(req)) return code_outcome(kInvalidRequest, "expected a text/xml body", "");
  const FileDetailsCheck check = check_file_details(req.body);
  if (!check.ok()) return code_outcome(check.response_code, check.description, check.report_id);
  PortalReport* report = find_report(check.report_id);
  if (auto refusal = refuse_closed(report, check.report_id)) return *refusal;
  for (PortalFile& file : report->files) {
    if (file.file_id != check.file_id) continue;
    file.details_xml = req.body;
    report->last_change_ms = now;
    Outcome outcome = xml_outcome(
        report_response(kSuccess, describe_code(kSuccess), check.report_id, file.file_id), kSuccess,
        check.report_id);
    return outcome;
  }
  return code_outcome(kFileNotFound, "no file " + check.file_id + " in report " + check.report_id,
                      check.report_id);
}

Outcome TestPortal::Impl::serve_finish(const httplib::Request& req) {
  if (!starts_with_ignoring_case(req.get_header_value("Content-Type"),
                                 "application/x-www-form-urlencoded")) {
    return code_outcome(kInvalidRequest, "expected an x-www-form-urlencoded body", "");
  }
  const std::optional<std::string> id = form_field(req.body, "id");
  if (!id) return code_outcome(kInvalidRequest, "the form field 'id' is missing", "");
  PortalReport* report = find_report(*id);
  if (auto refusal = refuse_closed(report, *id)) return *refusal;
  report->state = PortalReportState::finished;
  report->last_change_ms = now();
  std::vector<std::string> file_ids;
  for (const PortalFile& file : report->files) file_ids.push_back(file.file_id);
  return xml_outcome(report_done_response(report->report_id, file_ids), kSuccess,
                     report->report_id);
}

Outcome TestPortal::Impl::serve_retract(const httplib::Request& req) {
  if (!starts_with_ignoring_case(req.get_header_value("Content-Type"),
                                 "application/x-www-form-urlencoded")) {
    return code_outcome(kInvalidRequest, "expected an x-www-form-urlencoded body", "");
  }
  const std::optional<std::string> id = form_field(req.body, "id");
  if (!id) return code_outcome(kInvalidRequest, "the form field 'id' is missing", "");
  PortalReport* report = find_report(*id);
  if (report != nullptr && report->state == PortalReportState::retracted) {
    return code_outcome(kAlreadyRetracted, "", *id);
  }
  if (report != nullptr && report->state == PortalReportState::finished) {
    return code_outcome(kAlreadyFinished, "", *id);
  }
  if (auto refusal = refuse_closed(report, *id)) return *refusal;
  report->state = PortalReportState::retracted;
  report->last_change_ms = now();
  return code_outcome(kSuccess, "", *id);
}

TestPortal::TestPortal(TestPortalOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
TestPortal::~TestPortal() = default;
void TestPortal::start() { impl_->start(); }
void TestPortal::stop() { impl_->stop(); }
int TestPortal::port() const { return impl_->port(); }
std::string TestPortal::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port()) + "/ispws";
}
std::vector<PortalCall> TestPortal::calls() const { return impl_->calls(); }
std::vector<PortalReport> TestPortal::reports() const { return impl_->reports(); }
std::size_t TestPortal::finished_count(const std::string& case_id) const {
  return impl_->finished_count(case_id);
}
void TestPortal::fail_http(const std::string& endpoint, int http_status, int count,
                           int retry_after_seconds) {
  impl_->add_fault(FaultKind::fail_http, endpoint, count, http_status, retry_after_seconds);
}
void TestPortal::respond_code(const std::string& endpoint, int response_code, int count) {
  impl_->add_fault(FaultKind::respond_code, endpoint, count, response_code);
}
void TestPortal::unauthorized(const std::string& endpoint, int count) {
  impl_->add_fault(FaultKind::unauthorized, endpoint, count, 401);
}
void TestPortal::delay(const std::string& endpoint, int milliseconds, int count) {
  impl_->add_fault(FaultKind::delay, endpoint, count, milliseconds);
}
void TestPortal::drop_after_commit(const std::string& endpoint, int count) {
  impl_->add_fault(FaultKind::drop, endpoint, count, 0);
}
void TestPortal::set_down(bool down) { impl_->set_down(down); }
void TestPortal::clear_faults() { impl_->clear_faults(); }
void TestPortal::on_call(PortalCallObserver observer) { impl_->on_call(std::move(observer)); }

}  // namespace vigil::testing
