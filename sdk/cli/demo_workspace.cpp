#include "demo_workspace.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace vigil::cli {
namespace {

Status os_error(const std::string& what) {
  return Status(ErrorCode::io_error, what + ": " + std::strerror(errno));
}

constexpr std::array<int, 3> kDeferredSignals = {SIGINT, SIGTERM, SIGHUP};
volatile std::sig_atomic_t g_received_signal = 0;
std::array<struct sigaction, kDeferredSignals.size()> g_previous_actions;

extern "C" void remember_signal(int signal_number) { g_received_signal = signal_number; }

}  // namespace

Result<std::unique_ptr<DemoWorkspace>> DemoWorkspace::create() {
  const char* tmpdir = std::getenv("TMPDIR");
  const std::filesystem::path root = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  std::string pattern = (root / "vigil-demo-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    return os_error("cannot create a temporary directory in " + root.string());
  }
  return std::unique_ptr<DemoWorkspace>(new DemoWorkspace(buffer.data()));
}

DemoWorkspace::~DemoWorkspace() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Result<std::filesystem::path> DemoWorkspace::write_file(const std::filesystem::path& relative,
                                                        std::string_view content,
                                                        mode_t mode) const {
  const std::filesystem::path target = path_ / relative;
  std::error_code error;
  std::filesystem::create_directories(target.parent_path(), error);
  if (error) {
    return Status(ErrorCode::io_error,
                  "cannot create " + target.parent_path().string() + ": " + error.message());
  }
  const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return os_error("cannot create " + target.string());
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status status = os_error("cannot write " + target.string());
      ::close(fd);
      return status;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return os_error("cannot write " + target.string());
  return target;
}

DeferredInterrupts::DeferredInterrupts() {
  g_received_signal = 0;
  struct sigaction action {};
  action.sa_handler = remember_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < kDeferredSignals.size(); ++i) {
    ::sigaction(kDeferredSignals[i], nullptr, &g_previous_actions[i]);
    // A signal the caller ignores (nohup, a background job) stays ignored.
    if (g_previous_actions[i].sa_handler == SIG_IGN) continue;
    ::sigaction(kDeferredSignals[i], &action, nullptr);
  }
}

DeferredInterrupts::~DeferredInterrupts() {
  for (std::size_t i = 0; i < kDeferredSignals.size(); ++i) {
    ::sigaction(kDeferredSignals[i], &g_previous_actions[i], nullptr);
  }
  if (g_received_signal != 0) std::raise(g_received_signal);
}

bool DeferredInterrupts::interrupted() noexcept { return g_received_signal != 0; }

}  // namespace vigil::cli
