// Crash safety: `vigil report run` runs in a child process and is SIGKILLed at random
// moments - when the portal receives a call, after the portal committed it but before it
// answered, and at random short delays after an answer (between the reporter's steps and
// its checkpoints). Then a fresh child finishes the job. Over every run, every enqueued
// report must end filed exactly once at the portal: no loss, no duplicate filing.
//
// VIGIL_CRASH_RUNS (default 200) and VIGIL_CRASH_SEED (default fixed) tune the run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "portal_fixture.hpp"
#include "vigil/report_queue.hpp"

extern char** environ;

namespace vigil::testing {
namespace {

constexpr int kLeaseMs = 50;

int env_int(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::atoi(text) : fallback;
}

pid_t spawn_report_run(const std::string& config) {
  std::vector<std::string> args = {VIGIL_CLI_BINARY, "--log-level", "off", "report", "run",
                                   "--config",       config};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int failed = posix_spawn(&pid, VIGIL_CLI_BINARY, &quiet, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&quiet);
  return failed == 0 ? pid : -1;
}

bool row_filed(const std::string& outbox_path, const std::string& case_id) {
  auto outbox = Outbox::open(outbox_path);
  if (!outbox.ok()) return false;
  auto rows = (*outbox)->list();
  if (!rows.ok()) return false;
  for (const OutboxRow& row : *rows) {
    if (row.case_id == case_id) return row.state == OutboxState::filed;
  }
  return false;
}

// Waits for the child; true when it was killed by SIGKILL.
bool wait_child(pid_t pid, int* exit_code) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGKILL;
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return false;
}

TEST(CrashSafety, EveryReportIsFiledExactlyOnceWhateverTheKillPoint) {
  const int runs = env_int("VIGIL_CRASH_RUNS", 200);
  const unsigned seed = static_cast<unsigned>(env_int("VIGIL_CRASH_SEED", 20261129));
  std::mt19937 rng(seed);
  PortalFixtureOptions options;
  options.lease_ms = kLeaseMs;
  PortalFixture fixture(options);
  auto queue = ReportQueue::open(fixture.outbox_path());
  ASSERT_TRUE(queue.ok()) << queue.status().to_string();

  std::atomic<pid_t> victim{0};
  std::atomic<int> countdown{-1};
  std::atomic<int> wanted_phase{0};
  std::atomic<int> delay_us{0};
  std::atomic<int> kills{0};
  fixture.portal().on_call([&](const PortalCall&, CallPhase phase) {
    if (static_cast<int>(phase) != wanted_phase.load()) return;
    if (countdown.fetch_sub(1) != 1) return;
    if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us.load()));
    if (victim.load() > 0 && kill(victim.load(), SIGKILL) == 0) ++kills;
  });

  int killed_runs = 0;
  int second_runs = 0;
  std::array<int, 3> kills_by_phase{};
  for (int run = 0; run < runs; ++run) {
    const std::string case_id = "crash-" + std::to_string(run);
    const int files = 1 + static_cast<int>(rng() % 2);
    ASSERT_TRUE((*queue)->enqueue(fixture.report(case_id, files), {"cybertipline"}).ok());
    // submit + files uploads + files fileinfo + finish calls; aim anywhere in them.
    const int calls = 2 + 2 * files;
    const int phase = static_cast<int>(rng() % 3);
    wanted_phase = phase;
    delay_us = phase == 2 ? static_cast<int>(rng() % 4000) : 0;
    countdown = 1 + static_cast<int>(rng() % static_cast<unsigned>(calls));

    const pid_t first = spawn_report_run(fixture.config_path());
    ASSERT_GT(first, 0);
    victim = first;
    int exit_code = 0;
    const bool killed = wait_child(first, &exit_code);
    victim = 0;
    countdown = -1;
    if (killed) {
      ++killed_runs;
      ++kills_by_phase[static_cast<std::size_t>(phase)];
    } else {
      EXPECT_EQ(exit_code, 0) << "run " << run;
    }
    // Resume: wait out the dead worker's lease, then run until the case is filed.
    for (int attempt = 0; attempt < 5 && fixture.portal().finished_count(case_id) == 0; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kLeaseMs + 20));
      const pid_t again = spawn_report_run(fixture.config_path());
      ASSERT_GT(again, 0);
      ++second_runs;
      int code = 0;
      EXPECT_FALSE(wait_child(again, &code));
      EXPECT_EQ(code, 0) << "run " << run << " resume " << attempt;
    }
    // A killed worker may have left the row one step short of `filed` (it died after
    // /finish was answered): the next run settles it without filing again.
    if (!row_filed(fixture.outbox_path(), case_id)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kLeaseMs + 20));
      const pid_t settle = spawn_report_run(fixture.config_path());
      ++second_runs;
      int code = 0;
      EXPECT_FALSE(wait_child(settle, &code));
      EXPECT_TRUE(row_filed(fixture.outbox_path(), case_id)) << "run " << run;
    }
    ASSERT_EQ(fixture.portal().finished_count(case_id), 1u)
        << "run " << run << " (seed " << seed << "): filed "
        << fixture.portal().finished_count(case_id) << " times";
  }

  auto outbox = Outbox::open(fixture.outbox_path());
  auto status = (*outbox)->status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->count(OutboxState::filed), runs) << "every row ends filed";
  EXPECT_TRUE(status->failed.empty());
  std::size_t orphans = 0;
  std::size_t duplicate_files = 0;
  for (const PortalReport& report : fixture.portal().reports()) {
    if (report.state != PortalReportState::finished) {
      ++orphans;
      continue;
    }
    std::set<std::string> names;
    for (const PortalFile& file : report.files) {
      if (!names.insert(file.file_name).second) ++duplicate_files;
    }
  }
  std::cout << "[crash] runs " << runs << ", seed " << seed << ", children killed " << killed_runs
            << " (at receive " << kills_by_phase[0] << ", after commit " << kills_by_phase[1]
            << ", after answer " << kills_by_phase[2] << "), resume runs " << second_runs
            << ", unfiled orphan reports " << orphans
            << ", duplicate file uploads inside filed reports " << duplicate_files
            << "; every case filed exactly once\n";
  fixture.portal().on_call({});  // the observer captures locals that die before the fixture
  EXPECT_GT(killed_runs, runs / 2) << "most runs should really be killed mid-way";
  EXPECT_EQ(duplicate_files, 0u) << "an interrupted upload must not leave a duplicate file";
}

}  // namespace
}  // namespace vigil::testing
