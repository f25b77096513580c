// The temporary directory `vigil demo` keeps everything in (hash list, bank, uploads,
// outbox, audit log, credentials), and the guard that lets an interrupted demo clean up.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string_view>

#include "vigil/status.hpp"

namespace vigil::cli {

// Owns one fresh directory and removes it, with everything in it, when destroyed.
// Not thread-safe; not copyable.
class DemoWorkspace {
 public:
  // Creates <root>/vigil-demo-XXXXXX (mkdtemp, mode 0700), where root is $TMPDIR, or /tmp
  // when TMPDIR is unset or empty. io_error naming the root when that fails.
  static Result<std::unique_ptr<DemoWorkspace>> create();

  ~DemoWorkspace();
  DemoWorkspace(const DemoWorkspace&) = delete;
  DemoWorkspace& operator=(const DemoWorkspace&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }

  // Writes `content` to a new file path()/relative (parent directories are created) with
  // permission bits `mode`, set at creation, so a 0600 file is never readable by others.
  // io_error when the file exists already or cannot be written.
  Result<std::filesystem::path> write_file(const std::filesystem::path& relative,
                                           std::string_view content, mode_t mode = 0644) const;

 private:
  explicit DemoWorkspace(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// While alive, SIGINT, SIGTERM and SIGHUP only set a flag (interrupted()), so that the demo
// can stop between steps and remove its workspace; signals the process ignores stay
// ignored. The destructor restores the previous handlers and, if such a signal arrived,
// raises it again, so the process still ends the way the sender asked. Declare it before the
// workspace, so the workspace is removed first. One at a time per process.
class DeferredInterrupts {
 public:
  DeferredInterrupts();
  ~DeferredInterrupts();
  DeferredInterrupts(const DeferredInterrupts&) = delete;
  DeferredInterrupts& operator=(const DeferredInterrupts&) = delete;

  // True once one of the signals arrived. Async-signal-safe to set, cheap to poll.
  static bool interrupted() noexcept;
};

}  // namespace vigil::cli
