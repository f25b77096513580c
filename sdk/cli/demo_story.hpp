// The story `vigil demo` tells, run for real in a temporary workspace:
//
//   1. hash the material that stands in for listed content (a generated image, an
//      MP4-shaped file) and write a hotline list in NCMEC Hash Sharing XML;
//   2. import the list into a bank (a BankStore in the workspace);
//   3. start the loopback CyberTipline test portal in this process, on an ephemeral
//      127.0.0.1 port, with credentials made up for the run (handed to the reporter in a
//      0600 file in the workspace, never printed);
//   4. scan the uploads with an engine that blocks every match and routes it to the
//      CyberTipline reporter;
//   5. enqueue one report per blocked upload in the outbox (with the audit log), then run
//      the report worker, which files them to the portal;
//   6. read back the outbox, what the portal received, and verify the audit log.
//
// Plugins are found as the engine finds them (plugin_path, then the default search path).
// The workspace is removed before run_demo_story returns, on success and on error alike.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "demo_images.hpp"
#include "vigil/audit_log.hpp"
#include "vigil/bank.hpp"
#include "vigil/outbox.hpp"
#include "vigil/report_worker.hpp"
#include "vigil/scan_result.hpp"
#include "vigil/status.hpp"

namespace vigil::cli {

inline constexpr const char* kDemoBank = "hotline";
inline constexpr const char* kDemoReporter = "cybertipline";
inline constexpr const char* kDemoListFile = "hotline-list.xml";
inline constexpr const char* kDemoListedImageId = "entry-1";
inline constexpr const char* kDemoListedVideoId = "entry-2";

struct DemoStoryOptions {
  std::vector<std::filesystem::path> plugin_path;  // searched before the default path
};

struct DemoListSummary {
  std::string file_name;    // kDemoListFile
  std::string format;       // "ncmec-xml"
  std::size_t records = 0;  // images and videos in the file
  std::size_t entries = 0;  // one per fingerprint
  BankInfo bank;            // the bank version the import wrote
};

struct DemoScan {
  std::string name;
  DemoExpectation expect = DemoExpectation::clean;
  ScanResult result;
};

struct DemoReport {
  std::string upload;   // the blocked upload's name
  std::string case_id;  // "demo-<upload name without extension>"
  OutboxRow row;        // as the outbox holds it after the run
  // Reports the portal holds for the case in state finished (exactly once: 1), and the
  // portal's id for the first of them ("" if none).
  std::size_t portal_finished = 0;
  std::string portal_report_id;
};

struct DemoStory {
  std::filesystem::path workspace;  // already removed when the story is returned
  std::string portal_url;
  DemoListSummary list;
  std::vector<DemoScan> scans;      // one per upload, in scan order
  std::vector<DemoReport> reports;  // one per blocked upload, in scan order
  ReportRunSummary run;
  OutboxStatus outbox;
  AuditVerification audit;
};

// Runs steps 1 to 6. An error means a step could not run at all (a plugin not found, the
// portal's port not bound, a disk error); its message names the step. How each upload and
// report turned out is in the story, for check_demo_story(). Not thread-safe: it starts
// and stops a server and should run once at a time per process.
Result<DemoStory> run_demo_story(const DemoStoryOptions& options);

// Every way `story` differs from what the demo promises (see DemoExpectation; every
// blocked upload filed exactly once, nothing else in the outbox, an intact audit log),
// one sentence each. Empty when the story ran as told.
std::vector<std::string> check_demo_story(const DemoStory& story);

}  // namespace vigil::cli
