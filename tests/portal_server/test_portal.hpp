// TestPortal: a real loopback HTTP server that imitates NCMEC's CyberTipline reporting API
// (docs: /work/shared/docs/cybertipline.md, "the protocol contract"), for the reporter's
// tests. There is no public CyberTipline test server without NCMEC-issued credentials, so
// the reporter is tested against this one.
//
// What it imitates, under base_url() = "http://127.0.0.1:<port>/ispws":
//   GET  /status    -> <reportResponse> with responseCode 0
//   POST /submit    text/xml <report>: checked (element order, required elements, the
//                   incidentType enumeration, field limits), then a numeric reportId
//   POST /upload    multipart/form-data parts `id` and `file` (with a filename): fileId and
//                   `hash` = lowercase MD5 hex of the bytes received
//   POST /fileinfo  text/xml <fileDetails>: checked like /submit
//   POST /finish    form field `id` (x-www-form-urlencoded): <reportDoneResponse> listing
//                   the report's file ids; the report is then finished (immutable)
//   POST /retract   form field `id`: the open report is retracted
// Every endpoint requires HTTP Basic auth (401 with an EMPTY body otherwise). Every response
// carries a unique `Request-ID` header. HTTP 200 with a non-zero responseCode is an error:
//   4000 invalid request (missing form field/part, wrong content type)
//   4100 validation failed (root element name, element order, a missing or unknown
//        element, a value outside its enumeration or format, a field limit)
//   4110 malformed XML (not well-formed, a DOCTYPE, an undefined entity, not exactly one
//        root element)
//   5001 report does not exist (unknown, expired or retracted)
//   5002 file does not exist (in that report)
//   5101 report already retracted (/retract only)
//   5102 report already finished
// An open report expires when now >= max(opened + 24 h, last change + 1 h) (last change =
// submit, upload or fileinfo), evaluated lazily, with the clock from TestPortalOptions,
// whenever a request arrives or the state is observed (reports(), finished_count()).
// Unknown paths get 404, a known path with the wrong method 405, a request body over
// 64 MiB 413 (refused from its Content-Length, before it is read; the connection is then
// closed). Those and the HTTP-level faults below have a short text/plain body; 401 has an
// empty body; everything else is HTTP 200 with Content-Type text/xml.
//
// Fault injection: fail_http(), respond_code(), unauthorized(), delay() and
// drop_after_commit() queue a fault for the next `count` requests to one endpoint ("/submit",
// "/upload", ... or "*" for any path). Faults of one kind are consumed first-in first-out.
// A request is checked, in this order, against: set_down() (503), fail_http(), the unknown
// path 404, unauthorized(), the real Basic auth check, respond_code(), the endpoint itself,
// then delay() and drop_after_commit(). A fault is consumed only by a request that gets as
// far as that check (a request refused by set_down() consumes nothing).
//
// Phases: each request goes through CallPhase::received (the full request was read),
// committed (the outcome is decided and any state change is applied and visible through
// reports()), then responded (the response was handed to the kernel, or the connection was
// dropped). The observer set with on_call() sees each phase; crash tests use it to SIGKILL
// the client at a precise moment.
//
// State (reports, files, calls) lives in memory only and survives stop()/start(): a stopped
// and restarted portal is "the same service after an outage", on the same port. File bytes
// are never kept, only their MD5 and size.
//
// Thread-safety: all public methods may be called from any thread, concurrently with
// requests being served (the server runs a pool of 8 threads; its state is under a mutex).
// A request inside delay() or a blocking observer holds one pool thread; further requests
// queue.
// Exceptions: start() and stop() must not be called from the observer or the clock (they
// run on server threads; stop() would wait for itself and throws std::logic_error there),
// and the clock must not call back into TestPortal (it runs with the state mutex held).
//
// SIGPIPE: cpp-httplib's Server constructor sets SIGPIPE to SIG_IGN for the whole process,
// so start() does too, and child processes a test spawns inherit that disposition. The
// server threads also block SIGPIPE, so a client that vanishes mid-response never kills the
// test process even if a test restores the default action.
//
// Example:
//   vigil::testing::TestPortal portal;
//   portal.start();
//   portal.fail_http("/submit", 503, 2, /*retry_after_seconds=*/1);
//   ... run the reporter against portal.base_url() with the default credentials ...
//   EXPECT_EQ(portal.finished_count("case-1"), 1u);
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::testing {

struct TestPortalOptions {
  // The only Basic auth credentials the portal accepts.
  std::string user = "vigil-test";
  std::string password = "test-password";
  // Unix time in milliseconds. Empty = the system clock. Used for expiry and PortalCall::at_ms.
  // Called on server threads with the state mutex held: it must not call into TestPortal.
  std::function<std::int64_t()> clock;
  // 0 = pick a free port on 127.0.0.1 (at the first start(); later starts reuse it).
  int port = 0;
};

// Where a request is; see the phases paragraph at the top of this file.
enum class CallPhase { received, committed, responded };

// One HTTP request the portal received.
struct PortalCall {
  std::string method;  // "GET", "POST"...
  std::string path;    // as requested, e.g. "/ispws/submit" (no query string)
  // The HTTP status sent (or being sent). 0 before the outcome is decided (phase received)
  // and for a request whose connection was dropped by drop_after_commit().
  int http_status = 0;
  // The <responseCode> of the XML body, when the response has one (absent for 401, 404,
  // 405, 413 and the fail_http()/set_down() faults). For a dropped request: the code that
  // would have been sent.
  std::optional<int> response_code;
  std::string request_id;  // the Request-ID header (allocated even for a dropped request)
  // The report the call concerns: the id allocated by a successful /submit, else the id the
  // request named (form field, part or <reportId>), "" if none.
  std::string report_id;
  std::int64_t at_ms = 0;  // arrival time, from TestPortalOptions::clock
  bool dropped = false;    // drop_after_commit() closed the connection without a response
};

struct PortalFile {
  std::string file_id;
  std::string file_name;    // the filename of the multipart `file` part
  std::string md5_hex;      // lowercase MD5 of the bytes received
  std::size_t size = 0;     // bytes received
  std::string details_xml;  // the last accepted <fileDetails> document, "" if none yet
};

enum class PortalReportState { open, finished, retracted, expired };

struct PortalReport {
  std::string report_id;  // numeric, allocated from 100000 upwards
  PortalReportState state = PortalReportState::open;
  std::string report_xml;         // the <report> document as posted
  std::vector<PortalFile> files;  // in upload order
  std::int64_t opened_at_ms = 0;
  // The last accepted call that changed it: submit, upload, fileinfo, finish or retract.
  // Expiry only concerns open reports, so only the first three matter there.
  std::int64_t last_change_ms = 0;
  // From the top-level <additionalInfo>: the text after a line "Vigil case: "; "" if absent.
  std::string case_id;
};

// The observer called at every phase of every request; see on_call().
using PortalCallObserver = std::function<void(const PortalCall&, CallPhase)>;

class TestPortal {
 public:
  explicit TestPortal(TestPortalOptions options = {});
  TestPortal(const TestPortal&) = delete;
  TestPortal& operator=(const TestPortal&) = delete;
  // Stops the server (see stop()).
  ~TestPortal();

  // Binds 127.0.0.1 (options.port, or a free port the first time and the same port on
  // later starts) and serves on background threads. Returns once the port accepts
  // connections. Throws std::runtime_error if the port cannot be bound, std::logic_error if
  // already running.
  void start();
  // Closes the listening socket and every open connection (in-flight requests, including
  // those inside delay(), are cut short), then waits for the server threads. Idempotent.
  // Throws std::logic_error if called from a server thread (the observer or the clock).
  void stop();

  // The port; 0 before the first start().
  int port() const;
  // "http://127.0.0.1:<port>/ispws".
  std::string base_url() const;

  // Every request so far, in arrival order (requests still in progress included, with the
  // fields known so far).
  std::vector<PortalCall> calls() const;
  // Every report so far, in reportId order, after applying expiry.
  std::vector<PortalReport> reports() const;
  // The number of reports in state finished whose case_id is `case_id` (after expiry).
  // Exactly-once filing means this is 1 for each case the reporter filed.
  std::size_t finished_count(const std::string& case_id) const;

  // Fault injection. `endpoint` is the path below /ispws ("/submit"; "/ispws/submit" is
  // accepted too) or "*" for any path. Each call queues a fault for the next `count`
  // requests that reach its check (see the ordering above). count <= 0 queues nothing.

  // HTTP `http_status` (e.g. 500, 502, 503, 429) with a text/plain body and, if
  // retry_after_seconds >= 0, a `Retry-After: <seconds>` header. No state change.
  void fail_http(const std::string& endpoint, int http_status, int count,
                 int retry_after_seconds = -1);
  // HTTP 200 with a <reportResponse> carrying this non-zero responseCode (e.g. 1000, 4100,
  // 2000) and the request's reportId if it named one. Applies to authenticated requests to
  // a known endpoint; no state change.
  void respond_code(const std::string& endpoint, int response_code, int count);
  // HTTP 401 with an EMPTY body, whatever the credentials. No state change.
  void unauthorized(const std::string& endpoint, int count);
  // Answers correctly, but `milliseconds` late: the request is processed and committed
  // first (phase committed), then the response waits (phase responded comes after the
  // wait). A client that times out meanwhile has its change applied anyway. stop() cuts the
  // wait short.
  void delay(const std::string& endpoint, int milliseconds, int count);
  // Processes the request normally (state change applied, phase committed), then shuts the
  // connection down without sending a single byte of the response: the client sees the
  // connection closed (an "empty reply"), never an HTTP status. Recorded with
  // PortalCall::dropped = true and http_status 0.
  void drop_after_commit(const std::string& endpoint, int count);
  // While down, every request gets HTTP 503 (text/plain), with no state change and no fault
  // consumed. The port keeps accepting connections; use stop() for "connection refused".
  void set_down(bool down);
  // Removes every queued fault (set_down() is left as it is).
  void clear_faults();

  // Sets (or with an empty function, clears) the observer, replacing any previous one. It is
  // called on a server thread, without the state mutex held, three times per request (see
  // CallPhase); it may block (the request waits) and may call calls()/reports(), the fault
  // setters and on_call(), but not start()/stop(). Exceptions it throws are printed to
  // stderr and otherwise ignored.
  // Unless called from an observer, on_call() returns only once no observer call is running,
  // so after `on_call({})` an observer's captured locals may safely be destroyed. (So do not
  // call it while an observer is blocked waiting for the calling thread.) Note that the
  // responded phase of a request may run after its client already has the response: clear
  // an observer that captures locals before they go out of scope, or declare them before
  // the TestPortal.
  void on_call(PortalCallObserver observer);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// "open", "finished", "retracted", "expired": for test messages.
const char* to_string(PortalReportState state);
const char* to_string(CallPhase phase);

}  // namespace vigil::testing
