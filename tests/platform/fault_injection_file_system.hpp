// A FileSystem for crash tests (LevelDB's fault_injection_test is the model): it passes
// every change to the real POSIX file system and remembers, per file and per directory,
// what a power loss would keep: a file's contents as of its last sync, a directory's entries
// as of its last sync. crash_after(n) lets n more changes through and fails every later one
// (io_error "simulated crash") without touching the disk; drop_unsynced_data() then makes
// the real directories look like what would survive the power loss at that point, so the
// component can be reopened on the real file system and checked.
//
// Model, deliberately pessimistic where POSIX allows it: data appended but not synced is
// lost; a file created, renamed or removed in a directory that was not synced afterwards
// is undone (a created file vanishes, a renamed one returns to its old name, a replaced one
// gets its old contents back); a file whose name is durable but whose data never was is
// empty. Directories created and not synced into their parent vanish. Only the directories
// this object touched are rewritten. Not thread-safe: one component, one thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "platform/file_system.hpp"

namespace vigil::testing {

class FaultInjectionFileSystem final : public platform::FileSystem {
 public:
  FaultInjectionFileSystem();

  // Lets `changes` more changes through; every one after them fails as a crash would.
  void crash_after(std::size_t changes);
  // true once a change was refused because of crash_after().
  bool crashed() const { return crashed_; }
  // The changes made so far, one line each ("sync_directory /x", ...), for failure messages.
  const std::vector<std::string>& changes() const { return changes_; }
  // Rewrites the touched directories to what survives a power loss now (see above).
  void drop_unsynced_data();

  Result<std::unique_ptr<platform::File>> open(const std::filesystem::path& path,
                                               platform::OpenMode mode,
                                               unsigned permissions) override;
  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override;
  Status remove(const std::filesystem::path& path) override;
  Result<bool> create_directory(const std::filesystem::path& directory) override;
  Status sync_directory(const std::filesystem::path& directory) override;

 private:
  friend class FaultFile;
  struct Node {
    std::string current;  // what the file holds now
    std::string durable;  // what a power loss would leave of it
  };

  // Counts a change; false (and crashed) when it falls after the crash point.
  bool allow(const std::string& change);
  void track(const std::filesystem::path& directory);
  static std::filesystem::path key(const std::filesystem::path& path);

  platform::FileSystem& real_;
  std::size_t allowed_ = std::numeric_limits<std::size_t>::max();
  bool crashed_ = false;
  std::vector<std::string> changes_;
  std::vector<Node> nodes_;
  std::set<std::filesystem::path> tracked_;                // directories
  std::map<std::filesystem::path, std::size_t> live_;      // name -> node, as it is now
  std::map<std::filesystem::path, std::size_t> durable_;   // name -> node, after a crash
  std::map<std::filesystem::path, bool> new_directories_;  // -> synced into its parent
};

}  // namespace vigil::testing
