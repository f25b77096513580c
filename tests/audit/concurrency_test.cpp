// Concurrent writers (threads sharing a log, several logs, several processes) still produce
// one intact chain in which every record appears once and each writer's records keep their
// order.
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "audit_test_support.hpp"

namespace vigil::audit_test {
namespace {

using ConcurrencyTest = AuditTest;

// Checks that the log holds `per_writer` records from each of `writers` writers, in each
// writer's order. Fields are {"writer":W,"n":N}.
void expect_all_records(const std::vector<std::string>& all, int writers, int per_writer) {
  ASSERT_EQ(all.size(), static_cast<std::size_t>(writers * per_writer));
  std::map<int, int> next;  // writer -> the n expected next
  for (const auto& line : all) {
    const auto fields = nlohmann::json::parse(line)["fields"];
    const int writer = fields["writer"];
    const int n = fields["n"];
    EXPECT_EQ(n, next[writer]) << "writer " << writer;
    next[writer] = n + 1;
  }
  ASSERT_EQ(next.size(), static_cast<std::size_t>(writers));
  for (const auto& [writer, n] : next) EXPECT_EQ(n, per_writer) << "writer " << writer;
}

std::string fields(int writer, int n) {
  return "{\"writer\":" + std::to_string(writer) + ",\"n\":" + std::to_string(n) + "}";
}

TEST_F(ConcurrencyTest, FourThreadsOnTwoLogObjects) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  // Threads 0 and 1 share one AuditLog (its mutex), 2 and 3 another (the file lock).
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  std::vector<std::vector<std::int64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      AuditLog& log = t < 2 ? *first : *second;
      for (int n = 0; n < kPerThread; ++n) {
        auto seq = log.append("api_call", fields(t, n));
        seqs[t].push_back(seq.ok() ? *seq : -1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::int64_t> all_seqs;
  for (const auto& list : seqs) all_seqs.insert(list.begin(), list.end());
  EXPECT_EQ(all_seqs.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all_seqs.begin(), 1);
  EXPECT_EQ(*all_seqs.rbegin(), kThreads * kPerThread);
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.records, kThreads * kPerThread);
  expect_all_records(lines(), kThreads, kPerThread);
}

// Runs in a forked child: its own AuditLog, `count` appends. Returns the exit code.
int child_main(const std::string& path, const AuditOptions& options, int writer, int count) {
  auto log = AuditLog::open(path, options);
  if (!log.ok()) return 2;
  for (int n = 0; n < count; ++n) {
    if (!(*log)->append("api_call", fields(writer, n)).ok()) return 3;
  }
  return 0;
}

TEST_F(ConcurrencyTest, TwoProcessesAppendingConcurrentlyMakeOneChain) {
  constexpr int kProcesses = 2;
  constexpr int kPerProcess = 200;
  AuditOptions o;  // default: fsync on, system clock
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(child_main(path_, o, i, kPerProcess));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  const AuditVerification result = verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.records, kProcesses * kPerProcess);
  const auto all = lines();
  expect_all_records(all, kProcesses, kPerProcess);
  // The processes really did interleave (each took the lock many times, not once).
  int switches = 0;
  for (std::size_t i = 1; i < all.size(); ++i) {
    switches += nlohmann::json::parse(all[i])["fields"]["writer"] !=
                nlohmann::json::parse(all[i - 1])["fields"]["writer"];
  }
  RecordProperty("writer_switches", switches);
}

TEST_F(ConcurrencyTest, VerifyWhileAppending) {
  auto log = open();
  ASSERT_TRUE(log);
  append_calls(*log, 10);
  std::thread writer([&] { append_calls(*log, 300, 11); });
  for (int i = 0; i < 20; ++i) {
    const AuditVerification result = verify();
    EXPECT_TRUE(result.intact) << result.problem;
    EXPECT_GE(result.records, 10);
  }
  writer.join();
  EXPECT_EQ(verify().records, 310);
}

}  // namespace
}  // namespace vigil::audit_test
