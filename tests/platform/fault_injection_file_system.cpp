#include "fault_injection_file_system.hpp"

#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace vigil::testing {
namespace fs = std::filesystem;
namespace {

Status crash_error(const std::string& change) {
  return Status(ErrorCode::io_error, "simulated crash before " + change);
}

std::string read_real(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

// A file opened through the fault-injecting file system: the real file, with the node
// that models what of it would survive.
class FaultFile final : public platform::File {
 public:
  FaultFile(FaultInjectionFileSystem& owner, std::unique_ptr<platform::File> real, std::size_t node,
            fs::path path)
      : owner_(owner), real_(std::move(real)), node_(node), path_(std::move(path)) {}

  int descriptor() const override { return real_->descriptor(); }

  Status append(std::string_view data) override {
    if (!owner_.allow("append " + path_.string())) return crash_error("append");
    if (Status s = real_->append(data); !s.ok()) return s;
    owner_.nodes_[node_].current.append(data);
    return Status::success();
  }
  Status sync() override { return synced("sync", false); }
  Status sync_data() override { return synced("sync_data", true); }
  Status truncate(std::int64_t size) override {
    if (!owner_.allow("truncate " + path_.string())) return crash_error("truncate");
    if (Status s = real_->truncate(size); !s.ok()) return s;
    owner_.nodes_[node_].current.resize(static_cast<std::size_t>(size));
    return Status::success();
  }
  Status close() override {
    if (!owner_.allow("close " + path_.string())) return crash_error("close");
    return real_->close();
  }

 private:
  // What a successful sync makes durable: everything written so far.
  Status synced(const std::string& what, bool data_only) {
    if (!owner_.allow(what + " " + path_.string())) return crash_error(what);
    Status s = data_only ? real_->sync_data() : real_->sync();
    if (!s.ok()) return s;
    owner_.nodes_[node_].durable = owner_.nodes_[node_].current;
    return Status::success();
  }

  FaultInjectionFileSystem& owner_;
  std::unique_ptr<platform::File> real_;
  std::size_t node_;
  fs::path path_;
};

FaultInjectionFileSystem::FaultInjectionFileSystem() : real_(platform::posix_file_system()) {}

void FaultInjectionFileSystem::crash_after(std::size_t changes) {
  allowed_ = changes_.size() + changes;
}

bool FaultInjectionFileSystem::allow(const std::string& change) {
  if (changes_.size() >= allowed_) {
    crashed_ = true;
    return false;
  }
  changes_.push_back(change);
  return true;
}

fs::path FaultInjectionFileSystem::key(const fs::path& path) {
  return fs::absolute(path).lexically_normal();
}

// The first time a directory is touched, its files are taken as durable as they are.
void FaultInjectionFileSystem::track(const fs::path& directory) {
  if (!tracked_.insert(directory).second) return;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (!entry.is_regular_file(error)) continue;
    const std::string contents = read_real(entry.path());
    nodes_.push_back({contents, contents});
    live_[key(entry.path())] = nodes_.size() - 1;
    durable_[key(entry.path())] = nodes_.size() - 1;
  }
}

Result<std::unique_ptr<platform::File>> FaultInjectionFileSystem::open(const fs::path& path,
                                                                       platform::OpenMode mode,
                                                                       unsigned permissions) {
  const fs::path name = key(path);
  track(name.parent_path());
  if (!allow("open " + name.string())) return crash_error("open");
  auto real = real_.open(path, mode, permissions);
  if (!real.ok()) return real.status();
  auto found = live_.find(name);
  if (found == live_.end()) {
    nodes_.push_back({});
    found = live_.emplace(name, nodes_.size() - 1).first;
  } else if (mode == platform::OpenMode::create_truncate) {
    nodes_[found->second].current.clear();
  }
  return std::unique_ptr<platform::File>(
      new FaultFile(*this, std::move(real).value(), found->second, name));
}

Status FaultInjectionFileSystem::rename(const fs::path& from, const fs::path& to) {
  const fs::path source = key(from), target = key(to);
  track(source.parent_path());
  track(target.parent_path());
  if (!allow("rename " + source.string() + " " + target.string())) return crash_error("rename");
  if (Status s = real_.rename(from, to); !s.ok()) return s;
  if (auto found = live_.find(source); found != live_.end()) {
    live_[target] = found->second;
    live_.erase(source);
  }
  return Status::success();
}

Status FaultInjectionFileSystem::remove(const fs::path& path) {
  const fs::path name = key(path);
  track(name.parent_path());
  if (!allow("remove " + name.string())) return crash_error("remove");
  if (Status s = real_.remove(path); !s.ok()) return s;
  live_.erase(name);
  return Status::success();
}

Result<bool> FaultInjectionFileSystem::create_directory(const fs::path& directory) {
  const fs::path name = key(directory);
  if (!allow("create_directory " + name.string())) return crash_error("create_directory");
  auto created = real_.create_directory(directory);
  if (created.ok() && *created) {
    new_directories_[name] = false;
    tracked_.insert(name);  // empty: nothing in it is durable yet
  }
  return created;
}

Status FaultInjectionFileSystem::sync_directory(const fs::path& directory) {
  const fs::path name = key(directory);
  track(name);
  if (!allow("sync_directory " + name.string())) return crash_error("sync_directory");
  if (Status s = real_.sync_directory(directory); !s.ok()) return s;
  std::erase_if(durable_, [&](const auto& entry) { return entry.first.parent_path() == name; });
  for (const auto& [file, node] : live_) {
    if (file.parent_path() == name) durable_[file] = node;
  }
  for (auto& [child, synced] : new_directories_) {
    if (child.parent_path() == name) synced = true;
  }
  return Status::success();
}

void FaultInjectionFileSystem::drop_unsynced_data() {
  std::error_code error;
  for (const auto& [file, node] : live_) fs::remove(file, error);
  for (const auto& [file, node] : durable_) fs::remove(file, error);
  // Innermost first, so that a lost directory takes what was under it.
  for (auto it = new_directories_.rbegin(); it != new_directories_.rend(); ++it) {
    if (!it->second) fs::remove_all(it->first, error);
  }
  for (const auto& [file, node] : durable_) {
    if (!fs::is_directory(file.parent_path(), error)) continue;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << nodes_[node].durable;
  }
  live_ = durable_;
}

}  // namespace vigil::testing
