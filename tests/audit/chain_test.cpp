// Writing the chain: the record format, the head, reopening, refused input, broken ends.
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "audit_test_support.hpp"

namespace vigil::audit_test {
namespace {

using ChainTest = AuditTest;

const std::string kZeros(64, '0');

TEST_F(ChainTest, BatchAppendChainsEveryRecordAndRefusesAsAWhole) {
  auto log = open();
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->append("enqueued", "{\"row_id\":1}").ok());
  auto last = log->append_batch({{"detection", "{\"distance\":3}"},
                                 {"enqueued", "{\"row_id\":2}"},
                                 {"enqueued", "{\"row_id\":3}"}});
  ASSERT_TRUE(last.ok()) << last.status().to_string();
  EXPECT_EQ(*last, 4);
  EXPECT_EQ(lines().size(), 4u);
  // One bad event refuses the whole batch and writes nothing.
  auto refused = log->append_batch({{"enqueued", "{\"row_id\":5}"}, {"enqueued", "[1]"}});
  EXPECT_EQ(refused.status().code(), ErrorCode::invalid_argument);
  EXPECT_EQ(lines().size(), 4u);
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.records, 4);
}

TEST_F(ChainTest, HundredRecordsFormOneVerifiableChain) {
  auto log = open();
  ASSERT_TRUE(log);
  for (int i = 1; i <= 100; ++i) {
    auto seq = log->append("api_call", "{\"row_id\":" + std::to_string(i) + "}");
    ASSERT_TRUE(seq.ok()) << seq.status().to_string();
    EXPECT_EQ(*seq, i);
  }
  // Checked here without libvigil: seq = line number, prev = the previous hash, hash = the
  // documented rule.
  const auto all = lines();
  ASSERT_EQ(all.size(), 100u);
  std::string prev = kZeros;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto record = nlohmann::json::parse(all[i]);
    EXPECT_EQ(record["seq"], i + 1);
    EXPECT_EQ(record["prev"], prev);
    EXPECT_EQ(reseal(all[i]), all[i]) << "line " << i + 1;
    prev = record["hash"].get<std::string>();
  }
  EXPECT_EQ(read_file(head_), "{\"seq\":100,\"hash\":\"" + prev + "\"}\n");

  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.records, 100);
  EXPECT_EQ(result.first_bad_line, 0);
  EXPECT_EQ(result.problem, "");
}

TEST_F(ChainTest, RecordLineIsTheDocumentedCanonicalForm) {
  AuditOptions o = options();
  o.clock = [] { return kStartMs; };
  auto log = open(o);
  ASSERT_TRUE(log);
  // Keys given out of order come back sorted; nlohmann::json sorts object keys.
  ASSERT_TRUE(
      log->append("api_call", R"({"request_id":"R-1","endpoint":"/submit","code":0})").ok());
  // A golden value: changing the canonical form breaks every existing log.
  EXPECT_EQ(read_file(path_),
            "{\"seq\":1,\"time\":\"2026-11-29T14:00:00.123Z\",\"event\":\"api_call\","
            "\"fields\":{\"code\":0,\"endpoint\":\"/submit\",\"request_id\":\"R-1\"},"
            "\"prev\":\"" +
                kZeros +
                "\",\"hash\":\"9dc28bbb465013ebb8048e9fddceaa59a198b9d26ac317c72524189484c497dd"
                "\"}\n");
}

TEST_F(ChainTest, FieldsAreStoredWithKeysSortedAtEveryDepth) {
  auto log = open();
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->append("detection", R"( {"z":{"b":1,"a":2}, "a":[3,{"d":1,"c":"x"}]} )").ok());
  const std::string line = lines().at(0);
  EXPECT_NE(line.find(",\"fields\":{\"a\":[3,{\"c\":\"x\",\"d\":1}],\"z\":{\"a\":2,\"b\":1}},"),
            std::string::npos)
      << line;
  // The record's own keys keep their fixed order (not sorted).
  EXPECT_EQ(line.rfind("{\"seq\":1,\"time\":", 0), 0u) << line;
  EXPECT_LT(line.find("\"event\""), line.find("\"fields\""));
  EXPECT_LT(line.find("\"fields\""), line.find("\"prev\""));
  EXPECT_LT(line.find("\"prev\""), line.find("\"hash\""));
  EXPECT_TRUE(verify().intact);
}

TEST_F(ChainTest, TimeIsUtcWithMilliseconds) {
  std::int64_t now = 0;
  AuditOptions o = options();
  o.clock = [&now] { return now; };
  auto log = open(o);
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->append("a", "{}").ok());
  now = -1;
  ASSERT_TRUE(log->append("a", "{}").ok());
  const auto all = lines();
  EXPECT_EQ(nlohmann::json::parse(all.at(0))["time"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(nlohmann::json::parse(all.at(1))["time"], "1969-12-31T23:59:59.999Z");
}

TEST_F(ChainTest, ReopenedLogContinuesTheChain) {
  {
    auto log = open();
    ASSERT_TRUE(log);
    append_calls(*log, 10);
  }
  auto log = open();
  ASSERT_TRUE(log);
  auto seq = log->append("filing", R"({"case_id":"C-7"})");
  ASSERT_TRUE(seq.ok()) << seq.status().to_string();
  EXPECT_EQ(*seq, 11);
  append_calls(*log, 9, 12);
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.records, 20);
}

TEST_F(ChainTest, TwoLogObjectsOnOneFileShareTheChain) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a->append("x", "{}"), 1);
  EXPECT_EQ(*b->append("x", "{}"), 2);  // b re-reads the end a wrote
  EXPECT_EQ(*a->append("x", "{}"), 3);
  EXPECT_TRUE(verify().intact);
  EXPECT_EQ(verify().records, 3);
}

TEST_F(ChainTest, DurableAppendsWithTheDefaultOptions) {
  auto opened = AuditLog::open(path_);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  append_calls(**opened, 20);
  EXPECT_EQ((*opened)->path(), path_);
  EXPECT_TRUE(verify().intact);
  EXPECT_FALSE(std::filesystem::exists(head_ + ".tmp"));
}

TEST_F(ChainTest, FilesAreCreatedWithOwnerOnlyPermissions) {
  write_chain(1);
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(head_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(ChainTest, RefusedArgumentsWriteNothing) {
  write_chain(3);
  const std::string log_before = read_file(path_);
  const std::string head_before = read_file(head_);
  auto log = open();
  ASSERT_TRUE(log);
  for (const char* fields : {"", "not json", "[1,2]", "\"text\"", "42", "null",
                             "{\"a\":", "{\"a\":1} trailing", "{\"bad\":\"\xff\"}"}) {
    auto seq = log->append("api_call", fields);
    ASSERT_FALSE(seq.ok()) << fields;
    EXPECT_EQ(seq.status().code(), ErrorCode::invalid_argument) << fields;
  }
  for (const std::string& event :
       std::vector<std::string>{"", "API_CALL", "api call", "api\ncall", std::string(65, 'a')}) {
    auto seq = log->append(event, "{}");
    ASSERT_FALSE(seq.ok()) << event;
    EXPECT_EQ(seq.status().code(), ErrorCode::invalid_argument) << event;
  }
  auto big = log->append("api_call", "{\"x\":\"" + std::string(kAuditMaxFieldsBytes, 'a') + "\"}");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::too_large);
  EXPECT_EQ(read_file(path_), log_before);
  EXPECT_EQ(read_file(head_), head_before);
  // No seq was used up.
  EXPECT_EQ(*log->append("api_call", "{}"), 4);
}

TEST_F(ChainTest, InvalidJsonErrorDoesNotQuoteTheFields) {
  auto log = open();
  ASSERT_TRUE(log);
  auto seq = log->append("review", R"({"reviewer":"jane.doe@example.com",)");
  ASSERT_FALSE(seq.ok());
  EXPECT_EQ(seq.status().message().find("jane.doe"), std::string::npos) << seq.status().message();
  EXPECT_NE(seq.status().message().find("at byte"), std::string::npos);
}

TEST_F(ChainTest, ATornTailFromAnInterruptedAppendIsRemovedOnOpen) {
  // An append that died mid-write never reported success: its partial line is dropped
  // (with a warning) so that a crash cannot stop every later audit record, and reporting.
  write_chain(5);
  const std::string whole = read_file(path_);
  write_file(path_, whole + "{\"seq\":6,\"time\":\"2026-");
  EXPECT_FALSE(verify().intact) << "verify reports the torn line until it is repaired";
  auto log = open();
  ASSERT_TRUE(log);
  EXPECT_EQ(read_file(path_), whole);
  auto seq = log->append("api_call", "{}");
  ASSERT_TRUE(seq.ok()) << seq.status().to_string();
  EXPECT_EQ(*seq, 6);
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
}

TEST_F(ChainTest, AnInterruptedBatchRollsTheHeadForwardOverEveryChainedRecord) {
  write_chain(3);
  const std::string head_before = read_file(head_);
  {
    auto log = open();
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->append_batch({{"enqueued", "{\"row_id\":1}"},
                                   {"enqueued", "{\"row_id\":2}"},
                                   {"enqueued", "{\"row_id\":3}"}})
                    .ok());
  }
  write_file(head_, head_before);  // as if the process died before replacing the head
  auto log = open();
  ASSERT_TRUE(log) << "three chained records past the head are an interrupted append";
  auto seq = log->append("api_call", "{}");
  ASSERT_TRUE(seq.ok()) << seq.status().to_string();
  EXPECT_EQ(*seq, 7);
  EXPECT_TRUE(verify().intact);
}

TEST_F(ChainTest, AppendAfterAnEditedLastRecordIsRefused) {
  write_chain(5);
  auto all = lines();
  all[4].replace(all[4].find("\"row_id\":5"), 10, "\"row_id\":6");
  set_lines(all);
  auto log = AuditLog::open(path_, options());
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), ErrorCode::io_error);
  EXPECT_NE(log.status().message().find("line 5: the last record has a hash that does not match"),
            std::string::npos)
      << log.status().message();
}

TEST_F(ChainTest, AppendAfterTheLastRecordWasRemovedIsRefused) {
  write_chain(5);
  auto all = lines();
  all.pop_back();
  set_lines(all);
  auto log = AuditLog::open(path_, options());
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), ErrorCode::io_error);
  EXPECT_NE(log.status().message().find("line 5: the log ends at seq 4 but the head records seq 5"),
            std::string::npos)
      << log.status().message();

  write_file(path_, "");  // every record removed
  log = AuditLog::open(path_, options());
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("the log is empty"), std::string::npos)
      << log.status().message();
}

TEST_F(ChainTest, AppendWithoutAHeadIsRefused) {
  write_chain(3);
  std::filesystem::remove(head_);
  auto log = AuditLog::open(path_, options());
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("head sidecar is missing"), std::string::npos)
      << log.status().message();
}

TEST_F(ChainTest, InterruptedAppendIsReportedThenRepairedByTheNextWriter) {
  write_chain(5);
  const std::string head_at_5 = read_file(head_);
  {
    auto log = open();
    ASSERT_TRUE(log);
    append_calls(*log, 1, 6);
  }
  write_file(head_, head_at_5);  // as if the process died between the record and the head

  AuditVerification result = verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_line, 6);
  EXPECT_NE(result.problem.find("interrupted"), std::string::npos) << result.problem;

  auto log = open();
  ASSERT_TRUE(log);
  EXPECT_TRUE(verify().intact);
  EXPECT_EQ(*log->append("api_call", "{}"), 7);
  result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.records, 7);
}

TEST_F(ChainTest, InterruptedFirstAppendIsRepaired) {
  write_chain(1);
  std::filesystem::remove(head_);
  EXPECT_FALSE(verify().intact);
  auto log = open();
  ASSERT_TRUE(log);
  EXPECT_EQ(*log->append("api_call", "{}"), 2);
  EXPECT_TRUE(verify().intact);
}

TEST_F(ChainTest, AppendToARenamedLogIsRefused) {
  auto log = open();
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->append("a", "{}").ok());
  std::filesystem::rename(path_, path_ + ".old");
  auto seq = log->append("a", "{}");
  ASSERT_FALSE(seq.ok());
  EXPECT_EQ(seq.status().code(), ErrorCode::io_error);
  EXPECT_NE(seq.status().message().find("renamed"), std::string::npos);
}

TEST_F(ChainTest, OpenRefusesAnEmptyPathAndADirectory) {
  EXPECT_EQ(AuditLog::open("", options()).status().code(), ErrorCode::invalid_argument);
  std::filesystem::create_directories(path_);
  EXPECT_EQ(AuditLog::open(path_, options()).status().code(), ErrorCode::io_error);
}

}  // namespace
}  // namespace vigil::audit_test
