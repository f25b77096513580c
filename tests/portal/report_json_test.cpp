// vigil::report_json() and ReportQueue on text that is not UTF-8: an invalid_argument
// naming the field (never an exception, never the value), and nothing committed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>
#include <string>

#include "vigil/outbox.hpp"
#include "vigil/report.hpp"
#include "vigil/report_queue.hpp"

namespace vigil::testing {
namespace {

const std::string kBad = "case-\xff-1";  // 0xff never occurs in UTF-8

ReportRequest valid_request() {
  ReportRequest request;
  request.case_id = "case-1";
  ReportedUploader uploader;
  uploader.esp_identifier = "account-1";
  uploader.ip_address = "203.0.113.5";
  uploader.prior_reports = {"123"};
  request.uploader = uploader;
  for (int i = 0; i < 2; ++i) {
    ReportedFile file;
    file.file_name = "upload-" + std::to_string(i) + ".jpg";
    file.hashes["md5"] = "0123456789abcdef0123456789abcdef";
    file.matches.push_back({"ncmec", "7", "entry-1", "md5", "", 0, "orig"});
    request.files.push_back(file);
  }
  return request;
}

// The error of report_json() for `request`, checking that it is a Status, not a throw.
Status json_error(const ReportRequest& request, std::string_view destination = "cybertipline") {
  Result<std::string> json = Status(ErrorCode::internal, "not built");
  EXPECT_NO_THROW(json = report_json(request, destination, "2026-11-29T15:00:00.000Z"));
  EXPECT_FALSE(json.ok()) << "accepted text that is not UTF-8";
  return json.status();
}

void expect_names_field(const Status& status, const std::string& field) {
  EXPECT_EQ(status.code(), ErrorCode::invalid_argument) << status.to_string();
  EXPECT_NE(status.message().find(" " + field + " "), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("case-"), std::string::npos)
      << "the message must not quote the value: " << status.message();
}

TEST(ReportJson, NonUtf8FieldIsAnInvalidArgumentNamingIt) {
  {
    ReportRequest request = valid_request();
    request.case_id = kBad;
    expect_names_field(json_error(request), "case_id");
  }
  {
    ReportRequest request = valid_request();
    request.additional_info = kBad;
    expect_names_field(json_error(request), "additional_info");
  }
  {
    ReportRequest request = valid_request();
    request.uploader->screen_name = kBad;
    expect_names_field(json_error(request), "uploader.screen_name");
  }
  {
    ReportRequest request = valid_request();
    request.uploader->prior_reports.push_back(kBad);
    expect_names_field(json_error(request), "uploader.prior_reports[1]");
  }
  {
    ReportRequest request = valid_request();
    request.files[1].original_file_name = kBad;
    expect_names_field(json_error(request), "files[1].original_file_name");
  }
  {
    ReportRequest request = valid_request();
    request.files[0].matches[0].entry_id = kBad;
    expect_names_field(json_error(request), "files[0].matches[0].entry_id");
  }
  {
    ReportRequest request = valid_request();
    request.files[0].hashes["md5"] = kBad;
    expect_names_field(json_error(request), "files[0].hashes.md5");
  }
  {
    ReportRequest request = valid_request();
    request.incident_type = kBad;
    expect_names_field(json_error(request), "incident_type");
  }
  expect_names_field(json_error(valid_request(), kBad), "destination");
}

TEST(ReportJson, MalformedSequencesAreRefusedAndTheByteIsLocated) {
  // Overlong "/", a UTF-16 surrogate, above U+10FFFF, a truncated sequence, a stray
  // continuation byte: all invalid in UTF-8 (and refused by nlohmann's serializer).
  for (const std::string bad :
       {"ab\xc0\xaf", "ab\xed\xa0\x80", "ab\xf4\x90\x80\x80", "ab\xe2\x82", "ab\x80"}) {
    ReportRequest request = valid_request();
    request.files[0].location = bad;
    const Status status = json_error(request);
    expect_names_field(status, "files[0].location");
    EXPECT_NE(status.message().find("(byte 2)"), std::string::npos) << status.message();
  }
}

TEST(ReportJson, ValidUtf8IsKeptAsIs) {
  ReportRequest request = valid_request();
  request.uploader->display_name = "Zoë \xe2\x82\xac \xf0\x9f\x98\x80";  // 2-, 3- and 4-byte
  auto json = report_json(request, "cybertipline", "2026-11-29T15:00:00.000Z");
  ASSERT_TRUE(json.ok()) << json.status().to_string();
  const auto parsed = nlohmann::json::parse(*json);
  EXPECT_EQ(parsed["uploader"]["display_name"], request.uploader->display_name);
  EXPECT_EQ(parsed["created_at"], "2026-11-29T15:00:00.000Z");
  EXPECT_EQ(parsed["incident"]["time"], "2026-11-29T15:00:00.000Z")
      << "without an incident time, the incident time is the report's created_at";
}

TEST(ReportJson, QueueRefusesNonUtf8AndCommitsNothing) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vigil-report-json-" + std::to_string(std::random_device{}()));
  const std::string path = (dir / "outbox.db").string();
  {
    auto queue = ReportQueue::open(path);
    ASSERT_TRUE(queue.ok()) << queue.status().to_string();
    ReportRequest request = valid_request();
    request.files[1].file_name = "photo-\xff.jpg";
    auto refused = (*queue)->enqueue(request, {"cybertipline", "webhook"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), ErrorCode::invalid_argument);
    EXPECT_NE(refused.status().message().find("files[1].file_name"), std::string::npos)
        << refused.status().message();
    // The queue keeps working after the refusal.
    auto accepted = (*queue)->enqueue(valid_request(), {"cybertipline"});
    ASSERT_TRUE(accepted.ok()) << accepted.status().to_string();
  }
  auto outbox = Outbox::open(path);
  ASSERT_TRUE(outbox.ok());
  auto rows = (*outbox)->list();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u) << "the refused report must not be committed";
  EXPECT_EQ((*rows)[0].case_id, "case-1");
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace vigil::testing
