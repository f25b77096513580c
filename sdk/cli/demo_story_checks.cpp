// check_demo_story: what `vigil demo` promises, checked against what happened.
#include <algorithm>
#include <functional>

#include "demo_story.hpp"

namespace vigil::cli {
namespace {

using MatchTest = std::function<bool(const Match&)>;

bool has_match(
    const ScanResult& result, const std::string& entry, const std::string& type,
    const MatchTest& test = [](const Match&) { return true; }) {
  return std::any_of(result.matches.begin(), result.matches.end(), [&](const Match& match) {
    return match.bank == kDemoBank && match.entry_id == entry && match.signal_type == type &&
           test(match);
  });
}

bool first_error_is(const ScanResult& result, ErrorCode code) {
  return !result.errors.empty() && result.errors.front().detector == "decode" &&
         result.errors.front().code == code;
}

// Empty when the upload turned out as expected, else what was expected.
std::string unmet_expectation(const DemoScan& scan) {
  const ScanResult& r = scan.result;
  const bool blocked = r.verdict == Verdict::block;
  switch (scan.expect) {
    case DemoExpectation::exact_copy:
      if (blocked && r.errors.empty() && has_match(r, kDemoListedImageId, "md5") &&
          has_match(r, kDemoListedImageId, "pdq",
                    [](const Match& m) { return m.distance == 0 && m.variant == "orig"; })) {
        return {};
      }
      return "blocked by MD5 and by PDQ at distance 0 (orig)";
    case DemoExpectation::rotated_copy:
      if (blocked && r.errors.empty() && !has_match(r, kDemoListedImageId, "md5") &&
          has_match(r, kDemoListedImageId, "pdq",
                    [](const Match& m) { return m.variant != "orig"; })) {
        return {};
      }
      return "blocked by PDQ through a rotated variant, not by MD5";
    case DemoExpectation::clean:
      if (r.verdict == Verdict::allow && r.matches.empty() && r.errors.empty()) return {};
      return "allowed with no match, checked completely";
    case DemoExpectation::listed_non_image:
      if (blocked && has_match(r, kDemoListedVideoId, "md5") &&
          first_error_is(r, ErrorCode::unsupported_format)) {
        return {};
      }
      return "blocked by MD5 with the decode error unsupported_format";
    case DemoExpectation::truncated:
      if (r.verdict == Verdict::allow && r.matches.empty() &&
          first_error_is(r, ErrorCode::truncated)) {
        return {};
      }
      return "allowed with no match and the decode error truncated";
  }
  return "a known expectation";
}

}  // namespace

std::vector<std::string> check_demo_story(const DemoStory& story) {
  std::vector<std::string> problems;
  std::size_t blocked = 0;
  for (const DemoScan& scan : story.scans) {
    if (std::string expected = unmet_expectation(scan); !expected.empty()) {
      problems.push_back(scan.name + ": expected " + expected + ", got " +
                         std::string(to_string(scan.result.verdict)) + " with " +
                         std::to_string(scan.result.matches.size()) + " matches and " +
                         std::to_string(scan.result.errors.size()) + " errors");
    }
    if (scan.result.verdict == Verdict::block) ++blocked;
  }
  if (story.reports.size() != blocked) {
    problems.push_back(std::to_string(blocked) + " uploads were blocked but " +
                       std::to_string(story.reports.size()) + " reports were enqueued");
  }
  for (const DemoReport& report : story.reports) {
    if (report.row.state != OutboxState::filed) {
      problems.push_back("case " + report.case_id + ": outbox row is " +
                         std::string(to_string(report.row.state)) + ", not filed" +
                         (report.row.error_code.empty() ? "" : " (" + report.row.error_code + ")"));
    }
    if (report.portal_finished != 1) {
      problems.push_back("case " + report.case_id + ": the portal holds " +
                         std::to_string(report.portal_finished) +
                         " finished reports for it, not exactly 1");
    } else if (report.portal_report_id != report.row.remote_id) {
      problems.push_back("case " + report.case_id +
                         ": the outbox row does not name the portal's report id");
    }
  }
  std::int64_t rows = 0;
  for (std::int64_t count : story.outbox.counts) rows += count;
  const auto reports = static_cast<std::int64_t>(story.reports.size());
  if (rows != reports || story.outbox.count(OutboxState::filed) != reports) {
    problems.push_back("the outbox holds " + std::to_string(rows) + " rows, " +
                       std::to_string(story.outbox.count(OutboxState::filed)) +
                       " of them filed; expected " + std::to_string(reports) + " filed rows");
  }
  if (story.run.failed != 0 || story.run.errors != 0) {
    problems.push_back("the report worker failed " + std::to_string(story.run.failed) +
                       " reports and hit " + std::to_string(story.run.errors) + " outbox errors");
  }
  if (!story.audit.intact || story.audit.records == 0) {
    problems.push_back("audit verify: " + (story.audit.intact ? std::string("the log is empty")
                                                              : story.audit.problem));
  }
  return problems;
}

}  // namespace vigil::cli
