#include "demo_story.hpp"

#include <random>
#include <set>
#include <string_view>

#include "demo_hash_list.hpp"
#include "demo_workspace.hpp"
#include "test_portal.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/engine.hpp"
#include "vigil/hashing.hpp"
#include "vigil/list_import.hpp"
#include "vigil/report_queue.hpp"

namespace vigil::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kConfigSource = "<vigil demo>";

struct DemoPaths {
  fs::path list, banks, uploads, credentials, outbox, audit;
};

Status interrupted() { return Status(ErrorCode::io_error, "interrupted by a signal"); }

// Made up for each run: the portal accepts only these, and the reporter reads them from a
// 0600 file, as it would read real CyberTipline credentials.
std::string random_secret() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string secret;
  for (int i = 0; i < 32; ++i) secret += kHex[device() % 16];
  return secret;
}

std::string_view as_text(const std::vector<std::uint8_t>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::string signal_value(const ScanResult& result, const std::string& type) {
  for (const Signal& signal : result.signals) {
    if (signal.type == type) return signal.value;
  }
  return {};
}

// Step 1: the hashes of the stand-in material, as a hotline would list them.
Result<std::string> demo_list_text(const DemoMaterial& material,
                                   const std::vector<fs::path>& plugin_path) {
  EngineConfig config = hashing_engine_config({.signals = {"pdq", "md5"}});
  config.plugin_path = plugin_path;
  auto engine = Engine::create(config);
  if (!engine.ok()) return engine.status();
  auto image = (*engine)->scan_bytes(material.listed_image);
  if (!image.ok()) return image.status();
  if (Status hashed = require_signals(*image, {"pdq", "md5"}); !hashed.ok()) return hashed;
  auto video = (*engine)->scan_bytes(material.listed_video);
  if (!video.ok()) return video.status();
  if (Status hashed = require_signals(*video, {"md5"}); !hashed.ok()) return hashed;
  return ncmec_xml_list({
      {kDemoListedImageId,
       false,
       {{"md5", signal_value(*image, "md5")}, {"pdq", signal_value(*image, "pdq")}}},
      {kDemoListedVideoId, true, {{"md5", signal_value(*video, "md5")}}},
  });
}

// Step 2: what `vigil bank import --name hotline --format ncmec-xml hotline-list.xml` does.
Result<DemoListSummary> import_demo_list(const DemoPaths& paths) {
  auto batch = import_list_file(ListFormat::ncmec_xml, paths.list, {});
  if (!batch.ok()) return batch.status();
  std::set<std::string> records;
  for (const BankEntry& entry : batch->entries) records.insert(entry.entry_id);
  // A feed format: the file updates what the bank holds (here: an empty bank).
  auto bank = BankStore(paths.banks).apply(kDemoBank, *batch, ImportMode::delta, kDemoListFile);
  if (!bank.ok()) return bank.status();
  DemoListSummary summary;
  summary.file_name = kDemoListFile;
  summary.format = std::string(to_string(ListFormat::ncmec_xml));
  summary.records = records.size();
  summary.entries = batch->entries.size();
  summary.bank = *bank;
  return summary;
}

PluginSetting setting(std::string name, std::string value, std::string toml_type = "string") {
  PluginSetting out;
  out.location = {kConfigSource, 0, "reporter[0]." + name};
  out.name = std::move(name);
  out.value = std::move(value);
  out.toml_type = std::move(toml_type);
  return out;
}

// The configuration a platform would write in vigil.toml, built in code: hash with PDQ
// (all 8 dihedral variants) and MD5, block every match of the bank and report it to the
// CyberTipline (here: the loopback test portal).
EngineConfig demo_engine_config(const DemoPaths& paths, const std::string& portal_url,
                                const std::vector<fs::path>& plugin_path) {
  EngineConfig config;
  config.plugin_path = plugin_path;
  config.detectors.push_back(
      hashing_detector_config({.signals = {"pdq", "md5"}, .dihedral = true}));
  BankConfig bank;
  bank.name = kDemoBank;
  bank.directory = paths.banks;
  bank.location = {kConfigSource, 0, "bank[0]"};
  config.banks.push_back(bank);
  RuleConfig rule;
  rule.banks = {kDemoBank};
  rule.verdict = Verdict::block;
  rule.report_to = {kDemoReporter};
  rule.location = {kConfigSource, 0, "rule[0]"};
  config.rules.push_back(rule);
  ReporterConfig reporter;
  reporter.name = kDemoReporter;
  reporter.plugin = "org.vigil.portal";
  reporter.location = {kConfigSource, 0, "reporter[0]"};
  reporter.settings = {
      setting("kind", "cybertipline"),
      setting("environment", "test"),
      setting("base_url", portal_url),
      setting("credentials_file", paths.credentials.string()),
      setting("reporter_first_name", "Demo"),
      setting("reporter_last_name", "Reporter"),
      setting("reporter_email", "trust-safety@example.com"),
      setting("timeout_seconds", "10", "integer"),
  };
  config.reporters.push_back(reporter);
  config.outbox.path = paths.outbox.string();
  config.audit.path = paths.audit.string();
  return config;
}

std::string case_id_for(const std::string& upload_name) {
  return "demo-" + fs::path(upload_name).stem().string();
}

// Step 4: scan every upload from a file, as a platform scans what it stored.
Status scan_uploads(const DemoWorkspace& workspace, const Engine& engine,
                    const DemoMaterial& material, DemoStory& story) {
  for (const DemoUpload& upload : material.uploads) {
    if (DeferredInterrupts::interrupted()) return interrupted();
    auto path =
        workspace.write_file(fs::path("uploads") / upload.name, as_text(upload.bytes), 0600);
    if (!path.ok()) return path.status();
    MediaMetadata metadata;
    metadata.content_id = case_id_for(upload.name);
    auto result = engine.scan_file(*path, metadata);
    if (!result.ok()) return result.status().with_context("scanning " + upload.name);
    story.scans.push_back({upload.name, upload.expect, std::move(*result)});
  }
  return Status::success();
}

// Step 5a: one report per blocked upload, durable in the outbox before anything is sent.
Status enqueue_reports(const DemoPaths& paths, DemoStory& story) {
  auto queue = ReportQueue::open(paths.outbox.string(), paths.audit.string());
  if (!queue.ok()) return queue.status().with_context("opening the outbox");
  for (const DemoScan& scan : story.scans) {
    if (scan.result.verdict != Verdict::block) continue;
    ReportRequest request;
    request.case_id = case_id_for(scan.name);
    request.additional_info = "Filed by `vigil demo`: a generated benign file, no real content.";
    request.files.push_back(
        reported_file(scan.result, (paths.uploads / scan.name).string(), scan.name));
    auto rows = (*queue)->enqueue(request, scan.result.report_to);
    if (!rows.ok()) return rows.status().with_context("enqueueing the report for " + scan.name);
    DemoReport report;
    report.upload = scan.name;
    report.case_id = request.case_id;
    if (!rows->empty()) report.row.row_id = rows->front().row_id;
    story.reports.push_back(std::move(report));
  }
  return Status::success();
}

// Step 6: what the outbox, the portal and the audit log say now.
Status read_back(const DemoPaths& paths, const testing::TestPortal& portal, DemoStory& story) {
  auto outbox = Outbox::open(paths.outbox.string());
  if (!outbox.ok()) return outbox.status().with_context("reading the outbox");
  auto status = (*outbox)->status();
  if (!status.ok()) return status.status().with_context("reading the outbox");
  story.outbox = *status;
  auto rows = (*outbox)->list();
  if (!rows.ok()) return rows.status().with_context("reading the outbox");
  const std::vector<testing::PortalReport> received = portal.reports();
  for (DemoReport& report : story.reports) {
    for (const OutboxRow& row : *rows) {
      if (row.row_id == report.row.row_id) report.row = row;
    }
    report.portal_finished = portal.finished_count(report.case_id);
    for (const testing::PortalReport& at_portal : received) {
      if (at_portal.case_id == report.case_id &&
          at_portal.state == testing::PortalReportState::finished) {
        report.portal_report_id = at_portal.report_id;
        break;
      }
    }
  }
  auto audit = verify_audit_log(paths.audit.string());
  if (!audit.ok()) return audit.status().with_context("verifying the audit log");
  story.audit = *audit;
  return Status::success();
}

Result<DemoStory> run_in(const DemoWorkspace& workspace, const DemoStoryOptions& options) {
  DemoStory story;
  story.workspace = workspace.path();
  const DemoPaths paths = {workspace.path() / kDemoListFile, workspace.path() / "banks",
                           workspace.path() / "uploads",     workspace.path() / "ct-credentials",
                           workspace.path() / "outbox.db",   workspace.path() / "audit.jsonl"};
  const DemoMaterial material = make_demo_material();

  auto list_text = demo_list_text(material, options.plugin_path);
  if (!list_text.ok()) return list_text.status().with_context("hashing the listed material");
  auto list_path = workspace.write_file(kDemoListFile, *list_text);
  if (!list_path.ok()) return list_path.status();
  auto list = import_demo_list(paths);
  if (!list.ok()) return list.status().with_context("importing the hash list");
  story.list = *list;
  if (DeferredInterrupts::interrupted()) return interrupted();

  testing::TestPortalOptions portal_options;
  portal_options.user = "vigil-demo";
  portal_options.password = random_secret();
  testing::TestPortal portal(portal_options);
  portal.start();  // 127.0.0.1 only, a free port
  story.portal_url = portal.base_url();
  auto credentials = workspace.write_file(
      "ct-credentials", portal_options.user + "\n" + portal_options.password + "\n", 0600);
  if (!credentials.ok()) return credentials.status();

  const EngineConfig config = demo_engine_config(paths, story.portal_url, options.plugin_path);
  {
    auto engine = Engine::create(config);
    if (!engine.ok()) return engine.status().with_context("creating the engine");
    if (Status scanned = scan_uploads(workspace, **engine, material, story); !scanned.ok()) {
      return scanned;
    }
  }
  if (Status enqueued = enqueue_reports(paths, story); !enqueued.ok()) return enqueued;
  if (DeferredInterrupts::interrupted()) return interrupted();
  {
    auto worker = ReportWorker::create(config);
    if (!worker.ok()) return worker.status().with_context("starting the report worker");
    ReportRunOptions run_options;
    run_options.stop = [] { return DeferredInterrupts::interrupted(); };
    auto run = (*worker)->run(run_options);
    if (!run.ok()) return run.status().with_context("filing the reports");
    story.run = *run;
  }
  if (DeferredInterrupts::interrupted()) return interrupted();
  if (Status read = read_back(paths, portal, story); !read.ok()) return read;
  return story;
}

}  // namespace

Result<DemoStory> run_demo_story(const DemoStoryOptions& options) {
  auto workspace = DemoWorkspace::create();
  if (!workspace.ok()) return workspace.status();
  return run_in(**workspace, options);  // the workspace goes when this returns
}

}  // namespace vigil::cli
