// Recovery paths of the CyberTipline protocol: an expired report (5001) is filed again
// from /submit, a /finish whose answer was lost resolves through 5102, a lost /submit
// answer leaves only an unfiled orphan, and retraction withdraws an open report.
#include <gtest/gtest.h>

#include <atomic>

#include "portal_fixture.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::testing {
namespace {

constexpr std::int64_t kHour = 3600LL * 1000;

struct Harness {
  std::atomic<std::int64_t> now{1'800'000'000'000};
  std::unique_ptr<PortalFixture> fixture;
  OutboxOptions options;
  std::unique_ptr<ReportWorker> worker;

  explicit Harness(const std::string& case_id) {
    auto clock = [this] { return now.load(); };
    fixture = std::make_unique<PortalFixture>(PortalFixtureOptions{clock});
    options.clock = clock;
    auto queue = ReportQueue::open(fixture->outbox_path(), "", options);
    EXPECT_TRUE((*queue)->enqueue(fixture->report(case_id), {"cybertipline"}).ok());
    auto created = ReportWorker::create(fixture->config(), options);
    EXPECT_TRUE(created.ok()) << created.status().to_string();
    worker = std::move(created).value();
  }

  ReportRunSummary run() {
    auto summary = worker->run();
    EXPECT_TRUE(summary.ok()) << summary.status().to_string();
    return summary.ok() ? *summary : ReportRunSummary{};
  }

  OutboxRow row() {
    auto outbox = Outbox::open(fixture->outbox_path(), options);
    return (*(*outbox)->list())[0];
  }

  void skip_to_next_attempt() { now = std::max(now.load(), row().next_attempt_at_ms); }
};

std::size_t count_state(const std::vector<PortalReport>& reports, PortalReportState state) {
  std::size_t n = 0;
  for (const auto& report : reports) n += report.state == state ? 1 : 0;
  return n;
}

TEST(Recovery, ExpiredReportIsFiledAgainFromSubmit) {
  Harness h("expired");
  h.fixture->portal().fail_http("/fileinfo", 503, 1);
  EXPECT_EQ(h.run().retried, 1);
  EXPECT_EQ(h.row().state, OutboxState::files_uploaded);
  h.now += 25 * kHour;  // NCMEC deletes an unfinished report after 24 h
  EXPECT_EQ(h.run().filed, 1);
  const auto reports = h.fixture->portal().reports();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].state, PortalReportState::expired);
  EXPECT_EQ(reports[1].state, PortalReportState::finished);
  EXPECT_EQ(h.fixture->portal().finished_count("expired"), 1u);
  EXPECT_EQ(h.row().remote_id, reports[1].report_id);
}

TEST(Recovery, LostFinishAnswerResolvesThrough5102) {
  Harness h("lost-finish");
  h.fixture->portal().drop_after_commit("/finish", 1);
  EXPECT_EQ(h.run().retried, 1);
  EXPECT_EQ(h.row().state, OutboxState::finishing);
  EXPECT_EQ(h.fixture->portal().finished_count("lost-finish"), 1u);
  h.skip_to_next_attempt();
  EXPECT_EQ(h.run().filed, 1);
  EXPECT_EQ(h.row().state, OutboxState::filed);
  EXPECT_EQ(h.fixture->portal().finished_count("lost-finish"), 1u);
  EXPECT_EQ(h.fixture->portal().calls().back().response_code, 5102);
}

TEST(Recovery, LostSubmitAnswerLeavesAnUnfiledOrphanOnly) {
  Harness h("lost-submit");
  h.fixture->portal().drop_after_commit("/submit", 1);
  EXPECT_EQ(h.run().retried, 1);
  EXPECT_EQ(h.row().state, OutboxState::pending);
  h.skip_to_next_attempt();
  EXPECT_EQ(h.run().filed, 1);
  const auto reports = h.fixture->portal().reports();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(count_state(reports, PortalReportState::open), 1u) << "the orphan stays unfiled";
  EXPECT_EQ(h.fixture->portal().finished_count("lost-submit"), 1u);
}

TEST(Recovery, RetractionWithdrawsAnOpenReport) {
  Harness h("withdrawn");
  h.fixture->portal().fail_http("/upload", 503, 1);
  EXPECT_EQ(h.run().retried, 1);
  auto outbox = Outbox::open(h.fixture->outbox_path(), h.options);
  ASSERT_TRUE((*outbox)->request_retract(h.row().row_id).ok());
  EXPECT_EQ(h.run().retracted, 1);
  EXPECT_EQ(h.row().state, OutboxState::retracted);
  const auto reports = h.fixture->portal().reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].state, PortalReportState::retracted);
  EXPECT_EQ(h.fixture->portal().calls().back().path, "/ispws/retract");
}

TEST(Recovery, RetractingBeforeSubmitNeedsNoCall) {
  Harness h("never-sent");
  auto outbox = Outbox::open(h.fixture->outbox_path(), h.options);
  ASSERT_TRUE((*outbox)->request_retract(h.row().row_id).ok());
  EXPECT_EQ(h.run().retracted, 1);
  EXPECT_TRUE(h.fixture->portal().calls().empty());
}

TEST(Recovery, TransientResponseCodesAreRetried) {
  Harness h("code-1000");
  h.fixture->portal().respond_code("/finish", 1000, 1);
  EXPECT_EQ(h.run().retried, 1);
  h.skip_to_next_attempt();
  EXPECT_EQ(h.run().filed, 1);
  EXPECT_EQ(h.fixture->portal().finished_count("code-1000"), 1u);
}

TEST(Recovery, RevivedRowWithdrawsItsOldReportAndFilesAComplete) {
  Harness h("revived");
  h.fixture->portal().respond_code("/fileinfo", 4100, 1);
  EXPECT_EQ(h.run().failed, 1);
  auto outbox = Outbox::open(h.fixture->outbox_path(), h.options);
  ASSERT_TRUE((*outbox)->retry(h.row().row_id).ok());  // the operator fixed the cause
  EXPECT_EQ(h.run().filed, 1);
  const auto reports = h.fixture->portal().reports();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].state, PortalReportState::retracted) << "the half-sent report is withdrawn";
  EXPECT_EQ(reports[1].state, PortalReportState::finished);
  EXPECT_EQ(reports[1].files.size(), 2u) << "the new report must carry every file";
  for (const PortalFile& file : reports[1].files) EXPECT_FALSE(file.details_xml.empty());
}

TEST(Recovery, RevivedRowWhoseReportWasFiledIsNotFiledAgain) {
  Harness h("revived-filed");
  h.fixture->portal().drop_after_commit("/finish", 1);  // filed, but we never heard
  EXPECT_EQ(h.run().retried, 1);
  h.fixture->portal().respond_code("/finish", 2000, 1);  // then credentials trouble
  h.skip_to_next_attempt();
  EXPECT_EQ(h.run().failed, 1);
  auto outbox = Outbox::open(h.fixture->outbox_path(), h.options);
  ASSERT_TRUE((*outbox)->retry(h.row().row_id).ok());
  EXPECT_EQ(h.run().filed, 1);
  EXPECT_EQ(h.fixture->portal().reports().size(), 1u) << "nothing new may be opened";
  EXPECT_EQ(h.fixture->portal().finished_count("revived-filed"), 1u);
}

TEST(Recovery, UploadWithoutAnAnswerFilesACleanReport) {
  Harness h("unclear-upload");
  h.fixture->portal().drop_after_commit("/upload", 1);
  EXPECT_EQ(h.run().retried, 1);
  h.skip_to_next_attempt();
  EXPECT_EQ(h.run().filed, 1);
  const auto reports = h.fixture->portal().reports();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].state, PortalReportState::retracted);
  EXPECT_EQ(reports[1].state, PortalReportState::finished);
  EXPECT_EQ(reports[1].files.size(), 2u) << "no file may be attached twice";
}

}  // namespace
}  // namespace vigil::testing
