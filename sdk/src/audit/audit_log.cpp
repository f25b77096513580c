// Appending to the audit log (see vigil/audit_log.hpp for the contract).
#include "vigil/audit_log.hpp"

#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "audit_file.hpp"
#include "audit_record.hpp"
#include "logging/log.hpp"
#include "platform/clock.hpp"
#include "platform/durable_file.hpp"
#include "platform/file_system.hpp"
#include "platform/utc_time.hpp"

namespace vigil {

using audit::EndCheck;
using audit::FileLock;
using audit::Head;
using audit::Record;

namespace {

bool is_event_name(std::string_view event) {
  if (event.empty() || event.size() > 64) return false;
  for (char c : event) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// `status` with its message's leading `from` replaced by `to` (same code).
Status reworded(const Status& status, std::string_view from, std::string_view to) {
  std::string message = status.message();
  if (message.starts_with(from)) message.replace(0, from.size(), to);
  return Status(status.code(), message);
}

// The end of the log as found under the lock.
struct LogEnd {
  std::int64_t size = 0;
  std::optional<Record> last;
};

}  // namespace

struct AuditLog::Impl {
  std::filesystem::path given_path;  // as given to open()
  std::string path;                  // given_path.string(), for messages
  std::string head_path;
  AuditOptions options;
  platform::FileSystem* file_system = nullptr;  // every change to the log and its head
  std::unique_ptr<platform::File> file;         // the log, open for appending
  std::mutex mutex;

  int fd() const { return file->descriptor(); }

  Status broken(const std::string& problem) const {
    return {ErrorCode::io_error, "audit log " + path + ": " + problem +
                                     "; refusing to append (run `vigil audit verify`)"};
  }

  // Under the lock: the file at `path` is still the one we hold open.
  Status check_same_file() const {
    struct stat by_path {};
    struct stat by_fd {};
    if (::stat(path.c_str(), &by_path) != 0 || ::fstat(fd(), &by_fd) != 0 ||
        by_path.st_dev != by_fd.st_dev || by_path.st_ino != by_fd.st_ino) {
      return {ErrorCode::io_error,
              "audit log " + path + " was removed, renamed or replaced while open"};
    }
    return {};
  }

  // Under the lock: the last record, which must be a whole line and pass its own hash.
  Result<std::optional<Record>> read_last_record(std::int64_t size) const {
    if (size == 0) return std::optional<Record>();
    std::string tail;
    if (Status s = audit::read_at(fd(), size - 1, 1, path, tail); !s.ok()) return s;
    if (tail != "\n") {
      auto lines = audit::count_newlines(fd(), size, path);
      if (!lines.ok()) return lines.status();
      return broken("line " + std::to_string(*lines + 1) +
                    " is incomplete (no newline at the end: a torn write)");
    }
    // Read backwards from the final '\n' to the one before it (or the start of the file).
    std::string line;
    std::int64_t begin = size - 1;
    while (begin > 0) {
      const std::int64_t step = std::min<std::int64_t>(begin, 4096);
      std::string block;
      if (Status s =
              audit::read_at(fd(), begin - step, static_cast<std::size_t>(step), path, block);
          !s.ok()) {
        return s;
      }
      const auto newline = block.rfind('\n');
      if (newline != std::string::npos) {
        line.insert(0, block, newline + 1);
        break;
      }
      line.insert(0, block);
      begin -= step;
      if (line.size() > audit::kMaxLineBytes) break;
    }
    auto parsed = audit::parse_record(line);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      auto lines = audit::count_newlines(fd(), size, path);
      if (!lines.ok()) return lines.status();
      if (line.size() > audit::kMaxLineBytes) *problem = "is longer than any record";
      return broken("line " + std::to_string(*lines) + ": the last record " + *problem);
    }
    return std::optional<Record>(std::get<Record>(std::move(parsed)));
  }

  Status write_head(const Record& last) const {
    return platform::replace_file_durably(*file_system, head_path,
                                          audit::format_head({last.seq, last.hash}),
                                          {.permissions = 0600, .sync = options.fsync});
  }

  // Under the lock: the last `count` whole lines of the first `size` bytes (fewer when the
  // file is shorter), oldest first.
  Result<std::vector<std::string>> last_lines(std::int64_t size, std::int64_t count) const {
    std::string text;
    std::int64_t begin = size;
    while (begin > 0 && std::count(text.begin(), text.end(), '\n') <= count) {
      const std::int64_t step = std::min<std::int64_t>(begin, 1 << 16);
      std::string block;
      if (Status s =
              audit::read_at(fd(), begin - step, static_cast<std::size_t>(step), path, block);
          !s.ok()) {
        return s;
      }
      text.insert(0, block);
      begin -= step;
    }
    std::vector<std::string> lines;
    std::size_t end = text.size();
    while (end > 0 && static_cast<std::int64_t>(lines.size()) < count) {
      const std::size_t start = text.rfind('\n', end - 2);
      const std::size_t from = start == std::string::npos ? 0 : start + 1;
      if (start == std::string::npos && begin > 0) break;  // a line longer than what we read
      lines.insert(lines.begin(), text.substr(from, end - 1 - from));
      if (start == std::string::npos) break;
      end = start + 1;
    }
    return lines;
  }

  // Under the lock: a batch append that died between writing its records and replacing the
  // head leaves the log several records past the head. When those records chain, one by
  // one, onto the head, they are the interrupted append's: true (the head can roll forward).
  bool chains_onto_head(std::int64_t size, const Head& head, const Record& last) const {
    const std::int64_t ahead = last.seq - head.seq;
    if (ahead < 1 || ahead > 100'000) return false;
    auto lines = last_lines(size, ahead + 1);
    if (!lines.ok() || static_cast<std::int64_t>(lines->size()) != ahead + 1) return false;
    std::string prev;
    for (std::size_t i = 0; i < lines->size(); ++i) {
      auto parsed = audit::parse_record((*lines)[i]);
      const auto* record = std::get_if<Record>(&parsed);
      if (record == nullptr) return false;
      if (i == 0 && (record->seq != head.seq || record->hash != head.hash)) return false;
      if (i > 0 &&
          (record->prev != prev || record->seq != head.seq + static_cast<std::int64_t>(i))) {
        return false;
      }
      prev = record->hash;
    }
    return true;
  }

  // Under the lock: drops a torn last line (no newline: an append died while writing, and
  // so never reported success); returns the new size.
  Result<std::int64_t> drop_torn_tail(std::int64_t size) const {
    if (size == 0) return size;
    std::string tail;
    if (Status s = audit::read_at(fd(), size - 1, 1, path, tail); !s.ok()) return s;
    if (tail == "\n") return size;
    std::int64_t keep = size - 1;
    while (keep > 0 && size - keep <= static_cast<std::int64_t>(audit::kMaxLineBytes)) {
      std::string byte;
      if (Status s = audit::read_at(fd(), keep - 1, 1, path, byte); !s.ok()) return s;
      if (byte == "\n") break;
      --keep;
    }
    if (size - keep > static_cast<std::int64_t>(audit::kMaxLineBytes)) return size;
    if (Status s = file->truncate(keep); !s.ok()) {
      return reworded(s, "cannot truncate ", "cannot remove a torn last line from audit log ");
    }
    logging::host_logger().warn(
        "audit: {} ended in a torn line ({} bytes) from an interrupted append; removed it", path,
        size - keep);
    return keep;
  }

  // Under the lock: where the next record goes. Rolls the head forward after an append that
  // was interrupted between writing its records and replacing the head.
  Result<LogEnd> read_end() const {
    if (Status s = check_same_file(); !s.ok()) return s;
    LogEnd end;
    auto size = audit::regular_file_size(fd(), path);
    if (!size.ok()) return size.status();
    auto kept = drop_torn_tail(*size);
    if (!kept.ok()) return kept.status();
    end.size = *kept;
    auto last = read_last_record(end.size);
    if (!last.ok()) return last.status();
    end.last = std::move(*last);
    auto head_text = platform::read_file_once(head_path, audit::kMaxHeadBytes);
    if (!head_text.ok()) return head_text.status();
    std::optional<Head> head;
    if (*head_text) {
      auto parsed = audit::parse_head(**head_text);
      if (auto* problem = std::get_if<std::string>(&parsed)) {
        return broken("the head sidecar " + head_path + " " + *problem);
      }
      head = std::get<Head>(parsed);
    }
    EndCheck check = audit::check_end(end.last, head);
    if (check.kind == EndCheck::broken && head && end.last && end.last->seq > head->seq &&
        chains_onto_head(end.size, *head, *end.last)) {
      check.kind = EndCheck::head_one_behind;  // several records behind; same repair
    }
    if (check.kind == EndCheck::broken) {
      return broken((check.line > 0 ? "line " + std::to_string(check.line) + ": " : "") +
                    check.problem);
    }
    if (check.kind == EndCheck::head_one_behind) {
      if (Status s = write_head(*end.last); !s.ok()) return s;
      logging::host_logger().warn(
          "audit: {} ended past its head (at seq {}): an append was interrupted; "
          "head rolled forward",
          path, end.last->seq);
    }
    return end;
  }
};

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

const std::filesystem::path& AuditLog::path() const { return impl_->given_path; }

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::filesystem::path& given_path,
                                                 AuditOptions options) {
  const std::string path = given_path.string();
  if (path.empty()) return Status(ErrorCode::invalid_argument, "audit log path is empty");
  auto impl = std::make_unique<Impl>();
  impl->file_system = &platform::current_file_system();
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    // The open below reports the failure, if any.
    (void)platform::create_directories_durably(*impl->file_system, parent);
  }
  impl->given_path = given_path;
  impl->path = path;
  impl->head_path = path + ".head";
  impl->options = std::move(options);
  auto file = impl->file_system->open(path, platform::OpenMode::read_append, 0600);
  if (!file.ok()) return reworded(file.status(), "cannot open ", "cannot open audit log ");
  impl->file = std::move(file).value();
  {
    FileLock lock(impl->fd(), LOCK_EX, path);
    if (!lock.status().ok()) return lock.status();
    auto end = impl->read_end();
    if (!end.ok()) return end.status();
  }
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl)));
}

namespace {

// Checks one event and parses its fields; the fields are never quoted in errors.
Result<nlohmann::json> parsed_fields(std::string_view event, std::string_view fields_json) {
  if (!is_event_name(event)) {
    return Status(ErrorCode::invalid_argument,
                  "audit event name must be 1 to 64 characters from [a-z0-9_.-]");
  }
  if (fields_json.size() > kAuditMaxFieldsBytes) {
    return Status(ErrorCode::too_large, "audit fields of " + std::to_string(fields_json.size()) +
                                            " bytes exceed " +
                                            std::to_string(kAuditMaxFieldsBytes) +
                                            " (fields carry identifiers, never contents)");
  }
  nlohmann::json fields;
  try {
    fields = nlohmann::json::parse(fields_json);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() quotes the input, which may not be repeated elsewhere: only the offset.
    return Status(ErrorCode::invalid_argument,
                  "audit fields_json is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  if (!fields.is_object()) {
    return Status(ErrorCode::invalid_argument, "audit fields_json must be a JSON object");
  }
  return fields;
}

}  // namespace

Result<std::int64_t> AuditLog::append(std::string_view event, std::string_view fields_json) {
  return append_batch({{std::string(event), std::string(fields_json)}});
}

Result<std::int64_t> AuditLog::append_batch(const std::vector<AuditEvent>& events) {
  if (events.empty()) return Status(ErrorCode::invalid_argument, "audit: no events to append");
  std::vector<nlohmann::json> all_fields;
  all_fields.reserve(events.size());
  for (const AuditEvent& event : events) {
    auto fields = parsed_fields(event.event, event.fields_json);
    if (!fields.ok()) return fields.status();
    all_fields.push_back(std::move(fields).value());
  }

  std::lock_guard guard(impl_->mutex);
  FileLock lock(impl_->fd(), LOCK_EX, impl_->path);
  if (!lock.status().ok()) return lock.status();
  auto end = impl_->read_end();
  if (!end.ok()) return end.status();

  Record record;
  record.seq = end->last ? end->last->seq : 0;
  record.hash = end->last ? end->last->hash : audit::kGenesisHash;
  const std::string time = platform::utc_timestamp_millis(platform::now_ms(impl_->options.clock));
  std::string lines;
  for (std::size_t i = 0; i < events.size(); ++i) {
    record.prev = record.hash;
    record.seq += 1;
    record.time = time;
    record.event = events[i].event;
    record.fields = std::move(all_fields[i]);
    try {
      lines += audit::seal(record);  // sets record.hash, which the next one chains to
    } catch (const nlohmann::json::exception&) {
      return Status(ErrorCode::invalid_argument, "audit fields_json is not UTF-8");
    }
  }
  const std::string seq = std::to_string(record.seq);
  if (Status s = impl_->file->append(lines); !s.ok()) {
    // Take back a partial write so that the log still ends with a whole record.
    if (!impl_->file->truncate(end->size).ok()) {
      return s.with_context("audit records up to seq " + seq +
                            " were partly written and could not be removed");
    }
    return s;
  }
  if (impl_->options.fsync) {
    if (Status s = impl_->file->sync_data(); !s.ok()) {
      return Status(s.code(), "audit record seq " + seq + " was written but " + s.message());
    }
  }
  if (Status s = impl_->write_head(record); !s.ok()) {
    return s.with_context("audit record seq " + seq + " was written but the head was not updated");
  }
  return record.seq;
}

}  // namespace vigil
