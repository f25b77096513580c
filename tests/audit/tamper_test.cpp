// verify_audit_log() against each way of tampering with a log of 100 records: it must say
// not intact, name the first bad line, and count the records before it.
#include <nlohmann/json.hpp>

#include "audit_test_support.hpp"

namespace vigil::audit_test {
namespace {

class TamperTest : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    write_chain(100);
    ASSERT_TRUE(verify().intact);
    original_ = lines();
  }

  // Expects tampering found at `line` with a problem containing `words`.
  void expect_tampered(std::int64_t line, const std::string& words) const {
    const AuditVerification result = verify();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.first_bad_line, line) << result.problem;
    EXPECT_EQ(result.records, line > 0 ? line - 1 : 100) << result.problem;
    EXPECT_NE(result.problem.find(words), std::string::npos) << result.problem;
  }

  std::vector<std::string> original_;
};

TEST_F(TamperTest, EditedFieldValue) {
  auto all = original_;
  all[36].replace(all[36].find("\"request_id\":\"R-37\""), 19, "\"request_id\":\"R-99\"");
  set_lines(all);
  expect_tampered(37, "line 37 has a hash that does not match its contents");
}

TEST_F(TamperTest, EditedEvent) {
  auto all = original_;
  all[11].replace(all[11].find("\"api_call\""), 10, "\"api_cal1\"");
  set_lines(all);
  expect_tampered(12, "line 12 has a hash that does not match its contents");
}

TEST_F(TamperTest, EditedTime) {
  auto all = original_;
  const auto at = all[0].find("14:00:00.123Z");
  ASSERT_NE(at, std::string::npos) << all[0];
  all[0].replace(at, 13, "13:59:59.999Z");
  set_lines(all);
  expect_tampered(1, "line 1 has a hash that does not match");
}

TEST_F(TamperTest, DeletedMiddleRecord) {
  auto all = original_;
  all.erase(all.begin() + 49);
  set_lines(all);
  expect_tampered(50, "line 50 has seq 51 where 50 was expected");
}

TEST_F(TamperTest, DeletedFirstRecord) {
  auto all = original_;
  all.erase(all.begin());
  set_lines(all);
  expect_tampered(1, "line 1 has seq 2 where 1 was expected");
}

TEST_F(TamperTest, DeletedLastRecordIsCaughtByTheHead) {
  auto all = original_;
  all.pop_back();
  set_lines(all);
  // Every remaining line is a valid chain; only the head knows record 100 existed.
  expect_tampered(100, "the log ends at seq 99 but the head records seq 100");
  const AuditVerification result = verify();
  EXPECT_EQ(result.records, 99);
}

TEST_F(TamperTest, DeletedLastThreeRecords) {
  auto all = original_;
  all.resize(97);
  set_lines(all);
  expect_tampered(98, "the last 3 record(s) were removed");
}

TEST_F(TamperTest, EveryRecordDeleted) {
  write_file(path_, "");
  expect_tampered(1, "the log is empty but its head records 100");
}

TEST_F(TamperTest, SwappedRecords) {
  auto all = original_;
  std::swap(all[39], all[40]);
  set_lines(all);
  expect_tampered(40, "line 40 has seq 41 where 40 was expected");
}

TEST_F(TamperTest, InsertedForgedRecordWithWrongPrev) {
  // A well-formed record with a correct hash of its own, but not chained onto line 29.
  const std::string forged = reseal(
      "{\"seq\":30,\"time\":\"2026-11-29T14:00:00.152Z\",\"event\":\"api_call\","
      "\"fields\":{\"code\":200},\"prev\":\"" +
      hash_of(original_[27]) + "\",\"hash\":\"" + std::string(64, '0') + "\"}");
  auto all = original_;
  all.insert(all.begin() + 29, forged);
  set_lines(all);
  expect_tampered(30, "line 30 has a prev that is not the hash of line 29");
}

TEST_F(TamperTest, InsertedForgedRecordWithRightPrevBreaksTheNextLine) {
  const std::string forged = reseal(
      "{\"seq\":30,\"time\":\"2026-11-29T14:00:00.152Z\",\"event\":\"api_call\","
      "\"fields\":{\"code\":200},\"prev\":\"" +
      hash_of(original_[28]) + "\",\"hash\":\"" + std::string(64, '0') + "\"}");
  auto all = original_;
  all.insert(all.begin() + 29, forged);
  set_lines(all);
  expect_tampered(31, "line 31 has seq 30 where 31 was expected");
}

TEST_F(TamperTest, EditedRecordWithRecomputedHashBreaksTheNextPrev) {
  auto all = original_;
  all[59].replace(all[59].find("\"code\":200"), 10, "\"code\":500");
  all[59] = reseal(all[59]);
  set_lines(all);
  expect_tampered(61, "line 61 has a prev that is not the hash of line 60");
}

TEST_F(TamperTest, TruncatedInTheMiddleOfALine) {
  std::string text;
  for (int i = 0; i < 59; ++i) text += original_[i] + "\n";
  text += original_[59].substr(0, 40);
  write_file(path_, text);
  expect_tampered(60, "line 60 is incomplete");
}

TEST_F(TamperTest, TruncatedLastLine) {
  const std::string text = read_file(path_);
  write_file(path_, text.substr(0, text.size() - 1));  // only the final '\n' is gone
  expect_tampered(100, "line 100 is incomplete");
}

TEST_F(TamperTest, ReformattedRecord) {
  auto all = original_;
  all[4].replace(all[4].find("\"seq\":5"), 7, "\"seq\": 5");
  set_lines(all);
  expect_tampered(5, "line 5 is not in canonical form");
}

TEST_F(TamperTest, DuplicatedKey) {
  auto all = original_;
  all[6].replace(all[6].find("\"prev\""), 6, "\"event\":\"api_call\",\"prev\"");
  set_lines(all);
  expect_tampered(7, "line 7 is not in canonical form");
}

TEST_F(TamperTest, BlankLine) {
  auto all = original_;
  all.insert(all.begin() + 10, "");
  set_lines(all);
  expect_tampered(11, "line 11 is not valid JSON");
}

TEST_F(TamperTest, RecordWithAMissingKey) {
  auto all = original_;
  auto record = nlohmann::ordered_json::parse(all[20]);
  record.erase("prev");
  all[20] = record.dump();
  set_lines(all);
  expect_tampered(21, "line 21 is not an object with exactly");
}

TEST_F(TamperTest, MissingHead) {
  std::filesystem::remove(head_);
  expect_tampered(0, "head sidecar is missing");
}

TEST_F(TamperTest, MalformedHead) {
  write_file(head_, "{\"seq\":100}\n");
  expect_tampered(0, "head sidecar " + head_ + " is not a JSON object with exactly seq and hash");
}

TEST_F(TamperTest, LastRecordReplacedWithAValidOne) {
  // Record 100 replaced by a different record that chains onto 99 with a correct hash.
  auto all = original_;
  all[99].replace(all[99].find("\"code\":200"), 10, "\"code\":201");
  all[99] = reseal(all[99]);
  set_lines(all);
  expect_tampered(100, "the last record (seq 100) does not match the head");
}

TEST_F(TamperTest, FullRewriteWithNewHashesAndHeadIsNotDetected) {
  // The documented limit: without a secret or an anchor elsewhere, someone who recomputes
  // every hash and the head produces a log that verifies. docs/audit.md says so.
  auto all = original_;
  std::string prev(64, '0');
  for (auto& line : all) {
    auto record = nlohmann::ordered_json::parse(line);
    record["fields"]["code"] = 404;
    record["prev"] = prev;
    record.erase("hash");
    const std::string canonical = record.dump();
    prev = sha256_hex(canonical);
    record["hash"] = prev;
    line = record.dump();
  }
  set_lines(all);
  write_file(head_, "{\"seq\":100,\"hash\":\"" + prev + "\"}\n");
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
}

TEST_F(AuditTest, EmptyLogWithoutHeadIsIntact) {
  std::filesystem::create_directories(dir_ / "logs");
  write_file(path_, "");
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact);
  EXPECT_EQ(result.records, 0);
}

TEST_F(AuditTest, VerifyingAMissingFileIsAnError) {
  auto result = verify_audit_log(path_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::not_found);
  std::filesystem::create_directories(path_);
  result = verify_audit_log(path_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::io_error);
}

}  // namespace
}  // namespace vigil::audit_test
