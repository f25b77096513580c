// A report with two files is filed with the CyberTipline over real HTTP: the calls arrive
// in protocol order, the XML passes the portal's schema-order checks, the outbox row ends
// filed with the portal's report id, and the audit log records every call.
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <set>
#include <sstream>

#include "portal_fixture.hpp"
#include "report/queue_access.hpp"
#include "vigil/audit_log.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

namespace vigil::testing {
namespace {

std::vector<std::string> paths_of(const std::vector<PortalCall>& calls) {
  std::vector<std::string> paths;
  for (const PortalCall& call : calls) paths.push_back(call.path);
  return paths;
}

TEST(Filing, ReportWithTwoFilesIsFiledInProtocolOrder) {
  PortalFixture fixture;
  auto queue = ReportQueue::open(fixture.outbox_path(), fixture.audit_path());
  ASSERT_TRUE(queue.ok()) << queue.status().to_string();
  auto rows = (*queue)->enqueue(fixture.report("case-happy"), {"cybertipline"});
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_TRUE((*rows)[0].created);

  auto worker = ReportWorker::create(fixture.config());
  ASSERT_TRUE(worker.ok()) << worker.status().to_string();
  auto summary = (*worker)->run();
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary->filed, 1);
  EXPECT_EQ(summary->failed, 0);

  EXPECT_EQ(paths_of(fixture.portal().calls()),
            (std::vector<std::string>{"/ispws/submit", "/ispws/upload", "/ispws/upload",
                                      "/ispws/fileinfo", "/ispws/fileinfo", "/ispws/finish"}));
  for (const PortalCall& call : fixture.portal().calls()) {
    EXPECT_EQ(call.http_status, 200) << call.path;
    EXPECT_EQ(call.response_code, 0) << call.path;
  }
  EXPECT_EQ(fixture.portal().finished_count("case-happy"), 1u);
  const auto reports = fixture.portal().reports();
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].files.size(), 2u);
  EXPECT_EQ(reports[0].files[0].file_name, "upload-1.jpg");
  EXPECT_NE(reports[0].files[0].details_xml.find("<fileViewedByEsp>false</fileViewedByEsp>"),
            std::string::npos)
      << "a hash match must be reported as not viewed";

  auto outbox = Outbox::open(fixture.outbox_path());
  ASSERT_TRUE(outbox.ok());
  auto listed = (*outbox)->list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].state, OutboxState::filed);
  EXPECT_EQ((*listed)[0].remote_id, reports[0].report_id);

  auto verified = verify_audit_log(fixture.audit_path());
  ASSERT_TRUE(verified.ok()) << verified.status().to_string();
  EXPECT_TRUE(verified->intact) << verified->problem;
  std::ifstream audit(fixture.audit_path());
  std::string line;
  int api_calls = 0;
  int filed = 0;
  int detections = 0;
  std::vector<std::string> request_ids;
  while (std::getline(audit, line)) {
    if (line.find("\"event\":\"api_call\"") != std::string::npos) ++api_calls;
    if (line.find("\"event\":\"filed\"") != std::string::npos) ++filed;
    if (line.find("\"event\":\"detection\"") != std::string::npos) ++detections;
  }
  EXPECT_EQ(api_calls, 6);
  EXPECT_EQ(filed, 1);
  EXPECT_EQ(detections, 2);
  for (const PortalCall& call : fixture.portal().calls()) {
    std::ifstream again(fixture.audit_path());
    std::stringstream text;
    text << again.rdbuf();
    EXPECT_NE(text.str().find(call.request_id), std::string::npos)
        << "Request-ID of " << call.path << " not in the audit log";
  }
}

TEST(Filing, EnqueueIsIdempotentPerCaseAndFansOutPerDestination) {
  PortalFixture fixture;
  auto queue = ReportQueue::open(fixture.outbox_path());
  ASSERT_TRUE(queue.ok());
  auto first = (*queue)->enqueue(fixture.report("case-twice"), {"cybertipline", "review"});
  auto second = (*queue)->enqueue(fixture.report("case-twice"), {"cybertipline"});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_NE((*first)[0].row_id, (*first)[1].row_id);
  EXPECT_FALSE((*second)[0].created);
  EXPECT_EQ((*second)[0].row_id, (*first)[0].row_id);

  // "review" has no [[reporter]]: that row fails for an operator; the other is filed.
  auto worker = ReportWorker::create(fixture.config());
  ASSERT_TRUE(worker.ok());
  auto summary = (*worker)->run();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->filed, 1);
  EXPECT_EQ(summary->failed, 1);
  EXPECT_EQ(fixture.portal().finished_count("case-twice"), 1u);
  auto outbox = Outbox::open(fixture.outbox_path());
  auto status = (*outbox)->status();
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->failed.size(), 1u);
  EXPECT_EQ(status->failed[0].error_code, "unknown_destination");
}

TEST(Filing, RefusedArgumentsCommitNothing) {
  PortalFixture fixture;
  auto queue = ReportQueue::open(fixture.outbox_path());
  ASSERT_TRUE(queue.ok());
  ReportRequest no_case = fixture.report("x");
  no_case.case_id.clear();
  EXPECT_EQ((*queue)->enqueue(no_case, {"cybertipline"}).status().code(),
            ErrorCode::invalid_argument);
  EXPECT_EQ((*queue)->enqueue(fixture.report("y"), {}).status().code(),
            ErrorCode::invalid_argument);
  ReportRequest huge = fixture.report("z");
  huge.additional_info.assign(2 << 20, 'a');
  EXPECT_EQ((*queue)->enqueue(huge, {"cybertipline"}).status().code(), ErrorCode::too_large);
  auto outbox = Outbox::open(fixture.outbox_path());
  auto listed = (*outbox)->list();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST(Filing, ConcurrentEnqueuesShareCommits) {
  PortalFixture fixture;
  auto queue = ReportQueue::open(fixture.outbox_path());
  ASSERT_TRUE(queue.ok());
  std::vector<std::future<Result<ReportQueue::Rows>>> pending;
  ReportRequest base = fixture.report("base", 1);
  for (int i = 0; i < 200; ++i) {
    ReportRequest request = base;
    request.case_id = "case-" + std::to_string(i);
    pending.push_back((*queue)->enqueue_async(request, {"cybertipline"}));
  }
  std::set<std::int64_t> rows;
  for (auto& future : pending) {
    auto result = future.get();
    ASSERT_TRUE(result.ok()) << result.status().to_string();
    rows.insert((*result)[0].row_id);
  }
  EXPECT_EQ(rows.size(), 200u);
  EXPECT_GT(report::QueueAccess::largest_batch(**queue), 1u)
      << "200 queued reports were committed one by one";
}

TEST(Filing, FourWorkersFileEveryReportExactlyOnce) {
  PortalFixture fixture;
  auto queue = ReportQueue::open(fixture.outbox_path(), fixture.audit_path());
  ASSERT_TRUE(queue.ok());
  const int reports = 24;
  for (int i = 0; i < reports; ++i) {
    ASSERT_TRUE((*queue)
                    ->enqueue(fixture.report("parallel-" + std::to_string(i), 1), {"cybertipline"})
                    .ok());
  }
  auto worker = ReportWorker::create(fixture.config());
  ASSERT_TRUE(worker.ok());
  ReportRunOptions options;
  options.workers = 4;
  auto summary = (*worker)->run(options);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary->filed, reports);
  EXPECT_EQ(summary->errors, 0);
  for (int i = 0; i < reports; ++i) {
    EXPECT_EQ(fixture.portal().finished_count("parallel-" + std::to_string(i)), 1u) << i;
  }
  EXPECT_EQ(fixture.portal().reports().size(), static_cast<std::size_t>(reports))
      << "no report may be opened twice";
  auto verified = verify_audit_log(fixture.audit_path());
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact) << verified->problem;
}

}  // namespace
}  // namespace vigil::testing
