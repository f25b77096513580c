// Runs `work(i)` for i in [0, count) on `jobs` threads and hands each result to
// `emit(i, result)` on the calling thread in index order, as soon as every earlier one
// has been emitted. At most `window` results wait to be emitted at once, so memory stays
// bounded however many inputs there are.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil::cli {

template <typename Result, typename Work, typename Emit>
void run_ordered(std::size_t count, unsigned jobs, Work&& work, Emit&& emit) {
  jobs = std::max(1u, jobs);
  const std::size_t window = std::size_t{4} * jobs;
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_to_start = 0;
  std::size_t next_to_emit = 0;
  std::map<std::size_t, Result> done;

  auto worker = [&] {
    while (true) {
      std::size_t index;
      {
        std::unique_lock lock(mutex);
        changed.wait(
            lock, [&] { return next_to_start >= count || next_to_start < next_to_emit + window; });
        if (next_to_start >= count) return;
        index = next_to_start++;
      }
      Result result = work(index);
      {
        std::lock_guard lock(mutex);
        done.emplace(index, std::move(result));
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);

  while (next_to_emit < count) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return done.count(next_to_emit) != 0; });
    auto node = done.extract(next_to_emit);
    lock.unlock();
    emit(next_to_emit, node.mapped());
    lock.lock();
    ++next_to_emit;
    lock.unlock();
    changed.notify_all();
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace vigil::cli
