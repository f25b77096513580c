// Bank versions and the audit log's head are replaced durably: the new file is fsync'ed
// before it is renamed into place, and its directory after, so a crash or power loss
// right after a reported success cannot lose it or leave an empty file under its name.
//
// This binary interposes fsync(2) and rename(2) (libvigil's calls resolve to the
// definitions below, which record what happened and call the C library's).
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "vigil/audit_log.hpp"
#include "vigil/bank_store.hpp"

namespace {

namespace fs = std::filesystem;

struct Event {
  std::string call;  // "fsync" or "rename"
  std::string path;  // fsync: the file or directory; rename: the target
  std::string from;  // rename: the source
};

std::mutex events_mutex;
std::vector<Event> events;

std::string path_of_descriptor(int fd) {
  char target[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

void record(Event event) {
  std::lock_guard lock(events_mutex);
  events.push_back(std::move(event));
}

std::string absolute(const char* path) { return fs::weakly_canonical(fs::absolute(path)).string(); }

}  // namespace

extern "C" __attribute__((visibility("default"))) int fsync(int fd) {
  using Fsync = int (*)(int);
  static const auto real = reinterpret_cast<Fsync>(::dlsym(RTLD_NEXT, "fsync"));
  record({"fsync", path_of_descriptor(fd), ""});
  return real(fd);
}

extern "C" __attribute__((visibility("default"))) int rename(const char* from, const char* to) {
  using Rename = int (*)(const char*, const char*);
  static const auto real = reinterpret_cast<Rename>(::dlsym(RTLD_NEXT, "rename"));
  const std::string target = absolute(to), source = absolute(from);
  const int result = real(from, to);
  if (result == 0) record({"rename", target, source});
  return result;
}

namespace vigil {
namespace {

class DurableWrites : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-durable-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    dir_ = fs::canonical(dir_);
    std::lock_guard lock(events_mutex);
    events.clear();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Where in the recorded calls `wanted` happened; -1 when it did not.
  static long position(const Event& wanted, long after = -1) {
    std::lock_guard lock(events_mutex);
    for (long i = after + 1; i < static_cast<long>(events.size()); ++i) {
      const Event& e = events[static_cast<std::size_t>(i)];
      if (e.call == wanted.call && e.path == wanted.path && e.from == wanted.from) return i;
    }
    return -1;
  }

  // `file` was written as file.tmp, fsync'ed, renamed over `file`, and its directory
  // fsync'ed after the rename.
  static void expect_durable_replace(const fs::path& file) {
    const std::string temporary = file.string() + ".tmp";
    const long synced = position({"fsync", temporary, ""});
    const long renamed = position({"rename", file.string(), temporary}, synced);
    const long directory = position({"fsync", file.parent_path().string(), ""}, renamed);
    EXPECT_GE(synced, 0) << file << ": the temporary was never fsync'ed";
    EXPECT_GT(renamed, synced) << file << ": not renamed into place after its fsync";
    EXPECT_GT(directory, renamed) << file << ": its directory was not fsync'ed after the rename";
  }

  fs::path dir_;
};

TEST_F(DurableWrites, ABankVersionAndItsCurrentPointerAreSynced) {
  BankStore store(dir_);
  BankEntry entry{"md5", std::string(32, 'c'), "e", "test", "", {}, 0};
  auto info = store.apply("b", {{entry}, {}}, ImportMode::replace, "");
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  expect_durable_replace(dir_ / "b" / "v000001.vbank");
  expect_durable_replace(dir_ / "b" / "CURRENT");
  // CURRENT is repointed only once the snapshot it names is durable.
  EXPECT_LT(position({"rename", (dir_ / "b" / "v000001.vbank").string(),
                      (dir_ / "b" / "v000001.vbank.tmp").string()}),
            position({"fsync", (dir_ / "b" / "CURRENT.tmp").string(), ""}));
  // The new bank's directory entry itself is synced into the store directory.
  EXPECT_GE(position({"fsync", dir_.string(), ""}), 0);
}

TEST_F(DurableWrites, TheAuditLogHeadIsSynced) {
  auto log = AuditLog::open((dir_ / "audit.jsonl").string());
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  ASSERT_TRUE((*log)->append("test", "{}").ok());
  expect_durable_replace(dir_ / "audit.jsonl.head");
}

}  // namespace
}  // namespace vigil
