// One case fanned out to several destinations: every destination's report carries the
// same created_at and the same default incident time (taken once per case).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "vigil/outbox.hpp"
#include "vigil/report_queue.hpp"

namespace vigil::testing {
namespace {

TEST(ReportTime, EveryDestinationOfACaseCarriesTheSameTimes) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vigil-report-time-" + std::to_string(std::random_device{}()));
  const std::string path = (dir / "outbox.db").string();
  // Reports large enough that building one takes milliseconds: times taken per destination
  // would differ in their milliseconds.
  const int cases = 6;
  {
    auto queue = ReportQueue::open(path);
    ASSERT_TRUE(queue.ok()) << queue.status().to_string();
    for (int i = 0; i < cases; ++i) {
      ReportRequest request;
      request.case_id = "fan-out-" + std::to_string(i);  // no incident_time: the default
      request.additional_info.assign(200'000, 'n');
      auto rows = (*queue)->enqueue(request, {"cybertipline", "webhook"});
      ASSERT_TRUE(rows.ok()) << rows.status().to_string();
      ASSERT_EQ(rows->size(), 2u);
    }
  }
  auto outbox = Outbox::open(path);
  ASSERT_TRUE(outbox.ok());
  std::map<std::string, std::map<std::string, nlohmann::json>> reports;  // case -> dest -> json
  for (;;) {
    auto lease = (*outbox)->acquire("reader");
    ASSERT_TRUE(lease.ok()) << lease.status().to_string();
    if (!lease->has_value()) break;
    reports[(*lease)->case_id][(*lease)->destination] =
        nlohmann::json::parse((*lease)->report_json);
  }
  ASSERT_EQ(reports.size(), static_cast<std::size_t>(cases));
  for (const auto& [case_id, by_destination] : reports) {
    ASSERT_EQ(by_destination.size(), 2u) << case_id;
    const nlohmann::json& ct = by_destination.at("cybertipline");
    const nlohmann::json& hook = by_destination.at("webhook");
    EXPECT_EQ(ct["created_at"], hook["created_at"]) << case_id;
    EXPECT_EQ(ct["incident"]["time"], hook["incident"]["time"]) << case_id;
    EXPECT_EQ(ct["incident"]["time"], ct["created_at"]) << case_id;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace vigil::testing
