// Several processes (fork) share one outbox file: enqueue stays idempotent and every row is
// finished exactly once.
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "outbox_test_support.hpp"

namespace vigil::outbox_test {
namespace {

using MultiProcessTest = OutboxTest;

// Runs in the child: enqueue every case (all children enqueue the same ones), then drain.
// Writes one finished row id per line to `report`. Returns the exit code.
int child_main(const std::string& path, const OutboxOptions& options, int index, int rows,
               const std::string& report) {
  auto opened = Outbox::open(path, options);
  if (!opened.ok()) return 2;
  Outbox& outbox = **opened;
  std::ofstream out(report);
  for (int i = 0; i < rows; ++i) {
    auto enqueued = outbox.enqueue("case-" + std::to_string(i), "ncmec", "{}");
    if (!enqueued.ok()) return 3;
    if (enqueued->created) out << "created " << enqueued->row_id << "\n";
  }
  const std::string worker = "process-" + std::to_string(index);
  for (;;) {
    auto acquired = outbox.acquire(worker);
    if (!acquired.ok()) return 4;
    if (!acquired->has_value()) break;
    Lease lease = **acquired;
    if (!outbox.advance(lease, OutboxState::submitted, "", "R").ok()) return 5;
    if (!outbox.advance(lease, OutboxState::finishing, "", "R").ok()) return 6;
    if (!outbox.finish(lease, OutboxState::filed).ok()) return 7;
    out << "finished " << lease.row_id << "\n";
  }
  out.flush();
  return out ? 0 : 8;
}

TEST_F(MultiProcessTest, ThreeProcessesEnqueueAndDrainOneFile) {
  constexpr int kProcesses = 3;
  constexpr int kRows = 60;
  { ASSERT_TRUE(open()); }  // create the schema before forking
  OutboxOptions o = options();
  o.busy_timeout_ms = 60'000;
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const std::string report = (dir_ / ("child-" + std::to_string(i))).string();
      ::_exit(child_main(path_, o, i, kRows, report));
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  std::map<std::int64_t, int> created;
  std::map<std::int64_t, int> finished;
  for (int i = 0; i < kProcesses; ++i) {
    std::ifstream in(dir_ / ("child-" + std::to_string(i)));
    std::string what;
    std::int64_t row = 0;
    while (in >> what >> row) ++(what == "created" ? created : finished)[row];
  }
  EXPECT_EQ(created.size(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(finished.size(), static_cast<std::size_t>(kRows));
  for (const auto& [row, n] : created) EXPECT_EQ(n, 1) << "row " << row;
  for (const auto& [row, n] : finished) EXPECT_EQ(n, 1) << "row " << row;
  auto outbox = open();
  ASSERT_TRUE(outbox);
  auto status = outbox->status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->count(OutboxState::filed), kRows);
}

}  // namespace
}  // namespace vigil::outbox_test
