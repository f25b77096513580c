// `vigil demo`: Vigil's whole job in one run, with nothing to set up. Generated benign
// files stand in for listed material; a hotline list in NCMEC's XML format is imported
// into a bank; five uploads are scanned; every blocked upload is reported through the
// outbox to the loopback CyberTipline test portal, started in this process; the run ends
// with the outbox counts and a verified audit log. Everything lives in a temporary
// directory that is removed at the end (see demo_story.hpp).
//
// Exit codes: 0 when every step turned out as the demo promises, 2 otherwise (with the
// differences, or the step that failed, on standard error).
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "demo_story.hpp"
#include "demo_workspace.hpp"
#include "scan_output.hpp"

namespace vigil::cli {
namespace {

constexpr int kAsExpected = 0;
constexpr int kNotAsExpected = 2;

// "hotline:entry-1 md5, pdq distance 0 (orig)": each bank entry once, in the order found,
// with the exact signals that found it first, then the perceptual ones.
std::string matches_text(const ScanResult& result) {
  std::vector<std::string> entries;
  for (const Match& match : result.matches) {
    const std::string entry = match.bank + ":" + match.entry_id;
    if (std::find(entries.begin(), entries.end(), entry) == entries.end()) entries.push_back(entry);
  }
  std::string text;
  for (const std::string& entry : entries) {
    std::string exact;
    std::string perceptual;
    for (const Match& match : result.matches) {
      if (match.bank + ":" + match.entry_id != entry) continue;
      if (match.signal_type == "pdq") {
        perceptual += (perceptual.empty() ? "" : ", ") + match.signal_type + " distance " +
                      std::to_string(match.distance) + " (" + match.variant + ")";
      } else {
        exact += (exact.empty() ? "" : ", ") + match.signal_type;
      }
    }
    text += (text.empty() ? "" : "; ") + entry + " " + exact +
            (exact.empty() || perceptual.empty() ? "" : ", ") + perceptual;
  }
  return text;
}

std::string errors_text(const ScanResult& result) {
  std::string text;
  for (const ScanError& error : result.errors) {
    if (!text.empty()) text += "; ";
    if (error.detector == "decode" && error.code == ErrorCode::unsupported_format) {
      text += "not an image: " + result.media_type + ", unsupported_format";
    } else {
      text += error.detector + " " + std::string(to_string(error.code));
    }
  }
  return text;
}

std::string why(const ScanResult& result) {
  if (!result.matches.empty()) {
    return matches_text(result) + (result.errors.empty() ? "" : " (" + errors_text(result) + ")");
  }
  if (!result.errors.empty()) return "not checked: " + errors_text(result) + " (md5 not listed)";
  return "no match";
}

std::string outbox_text(const OutboxStatus& outbox) {
  const std::int64_t in_progress =
      outbox.count(OutboxState::submitted) + outbox.count(OutboxState::files_uploaded) +
      outbox.count(OutboxState::details_sent) + outbox.count(OutboxState::finishing);
  std::ostringstream out;
  out << "filed " << outbox.count(OutboxState::filed) << ", pending "
      << outbox.count(OutboxState::pending) << ", in progress " << in_progress << ", handed off "
      << outbox.count(OutboxState::handed_off) << ", retracted "
      << outbox.count(OutboxState::retracted) << ", failed " << outbox.count(OutboxState::failed);
  return out.str();
}

void print_text(const DemoStory& story) {
  const DemoListSummary& list = story.list;
  std::cout << "Vigil demo: a hotline list, five uploads, CyberTipline reports; generated benign\n"
               "files stand in for listed material, and nothing leaves this machine.\n\n";
  std::cout << std::left;
  auto label = [](const char* text) { std::cout << std::setw(11) << text; };
  label("workspace");
  std::cout << story.workspace.string() << " (removed at the end of the run)\n";
  label("hash list");
  std::cout << list.file_name << ", NCMEC hash sharing XML (" << list.format
            << "): " << list.records << " records, " << list.entries << " entries\n";
  label("bank");
  std::cout << list.bank.name << " v" << list.bank.version_string() << ":";
  const char* separator = " ";
  for (const auto& [type, count] : list.bank.counts) {
    std::cout << separator << count << " " << type;
    separator = ", ";
  }
  std::cout << "\n";
  label("portal");
  std::cout << "loopback CyberTipline test portal, in this process, " << story.portal_url << "\n\n";

  std::cout << std::setw(18) << "UPLOAD" << std::setw(9) << "VERDICT"
            << "WHY\n";
  for (const DemoScan& scan : story.scans) {
    std::cout << std::setw(18) << scan.name << std::setw(9) << to_string(scan.result.verdict)
              << why(scan.result) << "\n";
  }

  std::cout << "\n"
            << std::setw(18) << "REPORTED" << std::setw(20) << "CASE" << std::setw(5) << "ROW"
            << "OUTCOME\n";
  for (const DemoReport& report : story.reports) {
    std::cout << std::setw(18) << report.upload << std::setw(20) << report.case_id << std::setw(5)
              << report.row.row_id << to_string(report.row.state);
    if (!report.row.remote_id.empty())
      std::cout << ", CyberTipline report " << report.row.remote_id;
    std::cout << "\n";
  }
  std::cout << "\n";
  label("outbox");
  std::cout << outbox_text(story.outbox) << "\n";
  label("audit");
  std::cout << "audit verify: " << (story.audit.intact ? "ok" : "NOT intact") << ", "
            << story.audit.records << " records (detections, enqueues, portal calls, outcomes)\n";
}

nlohmann::ordered_json summary_json(const DemoStory& story,
                                    const std::vector<std::string>& problems) {
  nlohmann::ordered_json bank = {{"name", story.list.bank.name},
                                 {"version", story.list.bank.version_string()},
                                 {"counts", story.list.bank.counts}};
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  for (const DemoReport& report : story.reports) {
    reports.push_back({{"upload", report.upload},
                       {"case_id", report.case_id},
                       {"row_id", report.row.row_id},
                       {"destination", report.row.destination},
                       {"state", to_string(report.row.state)},
                       {"remote_id", report.row.remote_id},
                       {"portal_report_id", report.portal_report_id},
                       {"portal_finished", report.portal_finished}});
  }
  nlohmann::ordered_json outbox = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < kOutboxStateCount; ++i) {
    outbox[std::string(to_string(static_cast<OutboxState>(i)))] = story.outbox.counts[i];
  }
  return {{"summary",
           {{"as_expected", problems.empty()},
            {"problems", problems},
            {"list",
             {{"file", story.list.file_name},
              {"format", story.list.format},
              {"records", story.list.records},
              {"entries", story.list.entries},
              {"bank", std::move(bank)}}},
            {"portal_url", story.portal_url},
            {"reports", std::move(reports)},
            {"outbox", std::move(outbox)},
            {"audit",
             {{"intact", story.audit.intact},
              {"records", story.audit.records},
              {"problem", story.audit.problem}}}}}};
}

int run_demo(const GlobalOptions& global, bool json) {
  DeferredInterrupts interrupts;  // declared first: the workspace is gone before it re-raises
  Result<DemoStory> story = Status(ErrorCode::internal, "the demo did not run");
  try {
    story = run_demo_story({.plugin_path = global.plugin_path});
  } catch (const std::exception& e) {
    story = Status(ErrorCode::internal, e.what());
  }
  if (!story.ok()) {
    std::cerr << "vigil demo: " << story.status().to_string() << "\n";
    return kNotAsExpected;
  }
  const std::vector<std::string> problems = check_demo_story(*story);
  if (json) {
    for (const DemoScan& scan : story->scans) {
      std::cout << verdict_to_json(scan.name, scan.result).dump() << "\n";
    }
    std::cout << summary_json(*story, problems).dump() << "\n";
  } else {
    print_text(*story);
  }
  if (!problems.empty()) {
    std::cerr << "vigil demo: the run did not go as the demo expects:\n";
    for (const std::string& problem : problems) std::cerr << "  - " << problem << "\n";
    return kNotAsExpected;
  }
  if (!json) {
    std::size_t not_checked = 0;
    for (const DemoScan& scan : story->scans) {
      if (scan.result.verdict == Verdict::allow && !scan.result.errors.empty()) ++not_checked;
    }
    std::cout << "\nAs expected: " << story->reports.size()
              << " uploads blocked and each filed exactly once, "
              << story->scans.size() - story->reports.size() << " allowed (" << not_checked
              << " not checked).\nNext: docs/reporting.md files a report of your own to the test "
                 "portal.\n";
  }
  return kAsExpected;
}

}  // namespace

void add_demo_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* command = app.add_subcommand(
      "demo",
      "import a generated hash list, scan five uploads and file the blocked ones to a "
      "loopback CyberTipline test portal, all in a temporary directory");
  auto json = std::make_shared<bool>(false);
  command->add_flag("--json", *json, "print one JSON object per upload, then a summary object");
  command->callback([&global, &exit_code, json] { exit_code = run_demo(global, *json); });
}

}  // namespace vigil::cli
