// vigil_bench_reporting [DIR]: how fast reports get into the outbox and out to a portal.
//
//   1. durable enqueue, one report per transaction (Outbox::enqueue, fsync each);
//   2. group commit: 8 producer threads through ReportQueue (one fsync per batch), without
//      and with the audit log (two fsync'd records per report);
//   3. scan-side hand-over: the time enqueue_async() takes to return (p50, p99, max) while
//      the committer writes in the background, at a steady 2,000 reports per second;
//   4. end to end: reports filed per second against the loopback test portal (real HTTP,
//      real outbox), with 1 and 4 workers.
// The outbox lives in DIR (default: a fresh directory under /tmp), on the disk under test.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "test_portal.hpp"
#include "vigil/config.hpp"
#include "vigil/logging.hpp"
#include "vigil/outbox.hpp"
#include "vigil/report_queue.hpp"
#include "vigil/report_worker.hpp"

#include "report/queue_access.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

vigil::ReportRequest sample_report(const std::string& case_id, const std::string& evidence) {
  vigil::ReportRequest request;
  request.case_id = case_id;
  request.incident_time = "2026-11-29T12:00:00Z";
  vigil::ReportedFile file;
  file.file_name = "upload.jpg";
  file.location = evidence;
  file.hashes["md5"] = "0123456789abcdef0123456789abcdef";
  file.matches.push_back({"ncmec", "7", "entry-1", "md5", "", 0, "orig"});
  request.files.push_back(file);
  return request;
}

void bench_single(const std::filesystem::path& dir) {
  auto outbox = vigil::Outbox::open((dir / "single.db").string());
  const auto json = vigil::report_json(sample_report("x", "/e"), "cybertipline");
  if (!json.ok()) std::abort();
  const int n = 300;
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    if (!(*outbox)->enqueue("single-" + std::to_string(i), "cybertipline", *json).ok())
      std::abort();
  }
  const double took = seconds_since(start);
  std::cout << "durable enqueue, one per transaction: " << std::fixed << std::setprecision(0)
            << n / took << " reports/s (" << std::setprecision(2) << 1000 * took / n
            << " ms each)\n";
}

void bench_group_commit(const std::filesystem::path& dir, bool audited) {
  const std::string name = audited ? "group-audited" : "group";
  auto queue = vigil::ReportQueue::open((dir / (name + ".db")).string(),
                                        audited ? (dir / (name + ".jsonl")).string() : "");
  const int threads = 8;
  const int per_thread = 1000;
  const auto start = Clock::now();
  std::vector<std::thread> producers;
  for (int t = 0; t < threads; ++t) {
    producers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto request = sample_report(name + std::to_string(t) + "-" + std::to_string(i), "/e");
        if (!(*queue)->enqueue(request, {"cybertipline"}).ok()) std::abort();
      }
    });
  }
  for (auto& producer : producers) producer.join();
  const double took = seconds_since(start);
  std::cout << "durable enqueue, group commit, " << threads << " threads"
            << (audited ? ", with the audit log" : "") << ": " << std::fixed << std::setprecision(0)
            << threads * per_thread / took << " reports/s (largest batch "
            << vigil::report::QueueAccess::largest_batch(**queue) << " rows)\n";
}

void bench_handover(const std::filesystem::path& dir) {
  auto queue = vigil::ReportQueue::open((dir / "handover.db").string());
  const int n = 5000;
  std::vector<double> micros;
  micros.reserve(n);
  std::vector<std::future<vigil::Result<vigil::ReportQueue::Rows>>> pending;
  pending.reserve(n);
  const auto period = std::chrono::microseconds(500);  // 2,000 reports per second
  auto next = Clock::now();
  for (int i = 0; i < n; ++i) {
    std::this_thread::sleep_until(next);
    next += period;
    auto request = sample_report("h-" + std::to_string(i), "/e");
    const auto start = Clock::now();
    pending.push_back((*queue)->enqueue_async(request, {"cybertipline"}));
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  for (auto& future : pending) {
    if (!future.get().ok()) std::abort();
  }
  std::sort(micros.begin(), micros.end());
  std::cout << "scan-side hand-over (enqueue_async), 2,000/s: p50 " << std::setprecision(1)
            << micros[n / 2] << " us, p99 " << micros[n * 99 / 100] << " us, max " << micros.back()
            << " us\n";
}

void bench_end_to_end(const std::filesystem::path& dir, int workers) {
  vigil::testing::TestPortal portal;
  portal.start();
  const auto run_dir = dir / ("e2e-" + std::to_string(workers));
  std::filesystem::create_directories(run_dir);
  const std::string evidence = (run_dir / "evidence.bin").string();
  {
    std::ofstream out(evidence, std::ios::binary);
    std::mt19937 rng(7);
    for (int b = 0; b < 64 * 1024; ++b) out.put(static_cast<char>(rng() & 0xff));
  }
  std::ofstream(run_dir / "credentials") << "vigil-test\ntest-password\n";
  std::ofstream config(run_dir / "vigil.toml");
  config << "[[reporter]]\nname = \"cybertipline\"\nplugin = \"org.vigil.portal\"\n"
         << "kind = \"cybertipline\"\nbase_url = \"" << portal.base_url() << "\"\n"
         << "credentials_file = \"" << (run_dir / "credentials").string() << "\"\n"
         << "reporter_first_name = \"Bench\"\nreporter_last_name = \"Mark\"\n"
         << "reporter_email = \"bench@example.com\"\n"
         << "max_calls_per_second = 0\n"  // unpaced: measure Vigil, not the pacing
         << "[outbox]\npath = \"" << (run_dir / "outbox.db").string() << "\"\n";
  config.close();
  auto parsed = vigil::load_engine_config(run_dir / "vigil.toml");
  const int n = 200;
  {
    auto queue = vigil::ReportQueue::open(parsed->outbox.path);
    for (int i = 0; i < n; ++i) {
      if (!(*queue)
               ->enqueue(sample_report("e-" + std::to_string(i), evidence), {"cybertipline"})
               .ok()) {
        std::abort();
      }
    }
  }
  auto worker = vigil::ReportWorker::create(*parsed);
  if (!worker.ok()) {
    std::cerr << worker.status().to_string() << "\n";
    std::abort();
  }
  vigil::ReportRunOptions options;
  options.workers = workers;
  const auto start = Clock::now();
  auto summary = (*worker)->run(options);
  const double took = seconds_since(start);
  if (!summary.ok() || summary->filed != n) std::abort();
  std::cout << "end to end, loopback portal, " << workers << " worker(s): " << std::fixed
            << std::setprecision(1) << n / took
            << " reports/s filed (submit, upload 64 KiB, fileinfo, finish; each step durable)\n";
  portal.stop();
}

}  // namespace

int main(int argc, char** argv) {
  vigil::LogOptions quiet;
  quiet.level = vigil::LogLevel::off;
  vigil::configure_logging(quiet);
  const std::filesystem::path dir = argc > 1
                                        ? std::filesystem::path(argv[1])
                                        : std::filesystem::temp_directory_path() /
                                              ("vigil-bench-reporting-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  bench_single(dir);
  bench_group_commit(dir, false);
  bench_group_commit(dir, true);
  bench_handover(dir);
  bench_end_to_end(dir, 1);
  bench_end_to_end(dir, 4);
  if (argc <= 1) std::filesystem::remove_all(dir);
  return 0;
}
