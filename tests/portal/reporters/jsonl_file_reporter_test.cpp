// jsonl_file_reporter and jsonl_appender: one line per report, never two for one key
// (across calls, objects and a simulated crash), well-formed lines under concurrency.
#include "jsonl_file/jsonl_file_reporter.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "delivery_fixture.hpp"
#include "jsonl_file/jsonl_append.hpp"
#include "temp_dir.hpp"

namespace vigil::portal {
namespace {

using testing::FakeDelivery;
using testing::read_lines;
using testing::Settings;
using testing::TempDir;
using vigil::plugin::delivery_result;

jsonl_file_reporter make(const std::string& path, const std::string& fsync = "true") {
  Settings settings{{"path", path}, {"fsync", fsync}};
  return jsonl_file_reporter(settings.parsed(), testing::no_host());
}

TEST(JsonlFileReporterTest, AppendsOneWellFormedLinePerReport) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  auto reporter = make(path);
  FakeDelivery first(testing::sample_report("case-1"), "key-1");
  FakeDelivery second(testing::sample_report("case-2"), "key-2");

  EXPECT_EQ(reporter.deliver(first.request()).result, delivery_result::filed);
  EXPECT_EQ(reporter.deliver(second.request()).result, delivery_result::filed);

  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 2u);
  auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["case_id"], "case-1");
  EXPECT_EQ(line["destination"], "review-queue");
  EXPECT_EQ(line["idempotency_key"], "key-1");
  EXPECT_TRUE(line["delivered_at"].is_string());
  EXPECT_EQ(line["delivered_at"].get<std::string>().size(), 20u);  // 2024-05-01T12:00:00Z
  EXPECT_EQ(line["report"], nlohmann::json::parse(testing::sample_report("case-1")));
  EXPECT_EQ(nlohmann::json::parse(lines[1])["idempotency_key"], "key-2");
  EXPECT_EQ(testing::read_file(path).back(), '\n');

  auto audits = first.audits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].event, "file_append");
  EXPECT_EQ(audits[0].fields_json.find(testing::kUploaderIp), std::string::npos);
}

TEST(JsonlFileReporterTest, TheSameKeyIsWrittenOnceEvenAfterARestart) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  {
    auto reporter = make(path);
    FakeDelivery delivery(testing::sample_report(), "key-dup");
    reporter.deliver(delivery.request());
    reporter.deliver(delivery.request());  // the host retries: same key
  }
  // A new process (a fresh reporter) retries after a crash that lost the host's record.
  auto restarted = make(path, "false");
  FakeDelivery retry(testing::sample_report(), "key-dup");
  EXPECT_EQ(restarted.deliver(retry.request()).result, delivery_result::filed);
  EXPECT_EQ(read_lines(path).size(), 1u);
}

TEST(JsonlFileReporterTest, ConcurrentDeliveriesProduceWellFormedUniqueLines) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  // Two reporter objects on one file (two workers), two threads each: flock and the
  // per-object mutex both take part.
  auto a = make(path);
  auto b = make(path, "false");
  const std::string report = testing::sample_report();
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      jsonl_file_reporter& reporter = t % 2 == 0 ? a : b;
      for (int i = 0; i < kPerThread; ++i) {
        FakeDelivery own(report, "t" + std::to_string(t) + "-" + std::to_string(i));
        reporter.deliver(own.request());
        FakeDelivery shared(report, "shared-" + std::to_string(i));  // every thread sends it
        reporter.deliver(shared.request());
      }
    });
  }
  for (auto& thread : threads) thread.join();

  auto lines = read_lines(path);
  EXPECT_EQ(lines.size(), 4u * kPerThread + kPerThread);
  std::set<std::string> keys;
  for (const auto& line : lines) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(json.is_object()) << "malformed line: " << line.substr(0, 80);
    EXPECT_EQ(json["report"]["case_id"], "case-0001");
    keys.insert(json["idempotency_key"].get<std::string>());
  }
  EXPECT_EQ(keys.size(), lines.size()) << "a key was written twice";
}

TEST(JsonlFileReporterTest, ATornLineFromACrashIsEndedAndSkipped) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  std::ofstream(path, std::ios::binary) << R"({"idempotency_key":"torn","case_id":"ca)";
  auto reporter = make(path);
  FakeDelivery delivery(testing::sample_report(), "torn");  // same key as the torn line
  reporter.deliver(delivery.request());

  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(nlohmann::json::accept(lines[0]));
  EXPECT_EQ(nlohmann::json::parse(lines[1])["idempotency_key"], "torn");
}

TEST(JsonlFileReporterTest, ACompleteLineMissingOnlyItsNewlineCounts) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  std::ofstream(path, std::ios::binary) << R"({"idempotency_key":"done","case_id":"c"})";
  auto reporter = make(path);
  FakeDelivery same(testing::sample_report(), "done");
  reporter.deliver(same.request());
  EXPECT_EQ(read_lines(path).size(), 1u);
  FakeDelivery other(testing::sample_report(), "other");
  reporter.deliver(other.request());
  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[1])["idempotency_key"], "other");
}

TEST(JsonlFileReporterTest, TheFileIsPrivateToItsOwner) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  auto reporter = make(path);
  FakeDelivery delivery(testing::sample_report());
  reporter.deliver(delivery.request());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(JsonlFileReporterTest, IoErrorsAreRetryLaterIo) {
  TempDir dir;
  auto reporter = make(dir.file("no-such-dir/reports.jsonl"));
  FakeDelivery delivery(testing::sample_report());
  try {
    reporter.deliver(delivery.request());
    FAIL() << "expected retry_later";
  } catch (const vigil::plugin::retry_later& e) {
    EXPECT_EQ(e.reason(), "io");
  }
}

TEST(JsonlFileReporterTest, RetractionIsFiledOnlyWhenTheLineExists) {
  TempDir dir;
  const std::string path = dir.file("reports.jsonl");
  auto reporter = make(path);
  FakeDelivery never_written(testing::sample_report(), "k-new");
  never_written.request_retract();
  EXPECT_EQ(reporter.deliver(never_written.request()).result, delivery_result::retracted);

  FakeDelivery written(testing::sample_report(), "k-old");
  reporter.deliver(written.request());
  FakeDelivery late_retract(testing::sample_report(), "k-old");
  late_retract.request_retract();
  EXPECT_EQ(reporter.deliver(late_retract.request()).result, delivery_result::filed);
  EXPECT_EQ(read_lines(path).size(), 1u);
}

TEST(JsonlFileReporterTest, MissingPathIsRefused) {
  Settings settings{{"fsync", "true"}};
  EXPECT_THROW(jsonl_file_reporter(settings.parsed(), testing::no_host()), vigil::plugin::error);
}

TEST(JsonlAppenderTest, RefusesMultiLineRecords) {
  TempDir dir;
  jsonl_appender appender(jsonl_options{dir.file("x.jsonl"), false});
  EXPECT_THROW(appender.append_once("k", "{\"a\":1}\n{\"b\":2}"), std::invalid_argument);
  EXPECT_FALSE(appender.contains("k"));
}

TEST(JsonlAppenderTest, SeesLinesAppendedByAnotherWriter) {
  TempDir dir;
  const std::string path = dir.file("x.jsonl");
  jsonl_appender first(jsonl_options{path, false});
  jsonl_appender second(jsonl_options{path, false});
  EXPECT_EQ(first.append_once("k1", R"({"idempotency_key":"k1"})"),
            jsonl_appender::append_result::appended);
  EXPECT_TRUE(second.contains("k1"));
  EXPECT_EQ(second.append_once("k1", R"({"idempotency_key":"k1"})"),
            jsonl_appender::append_result::already_present);
  EXPECT_EQ(second.append_once("k2", R"({"idempotency_key":"k2"})"),
            jsonl_appender::append_result::appended);
  EXPECT_EQ(first.append_once("k2", R"({"idempotency_key":"k2"})"),
            jsonl_appender::append_result::already_present);
  EXPECT_EQ(read_lines(path).size(), 2u);
}

TEST(JsonlAppenderTest, StartsOverWhenTheFileIsRotated) {
  TempDir dir;
  const std::string path = dir.file("x.jsonl");
  jsonl_appender appender(jsonl_options{path, false});
  appender.append_once("k1", R"({"idempotency_key":"k1"})");
  std::filesystem::rename(path, dir.file("x.jsonl.1"));
  EXPECT_FALSE(appender.contains("k1"));
  EXPECT_EQ(appender.append_once("k1", R"({"idempotency_key":"k1"})"),
            jsonl_appender::append_result::appended);
}

}  // namespace
}  // namespace vigil::portal
