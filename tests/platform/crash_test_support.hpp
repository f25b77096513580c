// Shared by the crash tests: a fresh directory per case, and the fault-injecting file
// system installed under libvigil for the length of a scope.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "fault_injection_file_system.hpp"

namespace vigil::testing {

// Makes `file_system` the one libvigil uses until destroyed (then the real one again).
class InstalledFileSystem {
 public:
  explicit InstalledFileSystem(platform::FileSystem& file_system)
      : previous_(platform::install_file_system_for_testing(&file_system)) {}
  ~InstalledFileSystem() { platform::install_file_system_for_testing(previous_); }
  InstalledFileSystem(const InstalledFileSystem&) = delete;
  InstalledFileSystem& operator=(const InstalledFileSystem&) = delete;

 private:
  platform::FileSystem* previous_;
};

// A new empty directory under the system temporary directory, removed when destroyed.
class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("vigil-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Joins the recorded changes for a failure message.
inline std::string describe(const FaultInjectionFileSystem& file_system) {
  std::string text;
  for (const std::string& change : file_system.changes()) text += "\n  " + change;
  return text;
}

}  // namespace vigil::testing
