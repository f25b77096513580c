// Verifying an audit log end to end (see vigil/audit_log.hpp for the contract).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>

#include "audit_file.hpp"
#include "audit_record.hpp"
#include "platform/durable_file.hpp"
#include "vigil/audit_log.hpp"

namespace vigil {

using audit::EndCheck;
using audit::Head;
using audit::Record;

namespace {

// Checks one line against its position in the chain; on success updates `last`.
std::optional<std::string> check_line(std::string_view line, std::int64_t number,
                                      std::optional<Record>& last) {
  const std::string at = "line " + std::to_string(number) + " ";
  auto parsed = audit::parse_record(line);
  if (auto* problem = std::get_if<std::string>(&parsed)) return at + *problem;
  Record& record = std::get<Record>(parsed);
  if (record.seq != number) {
    return at + "has seq " + std::to_string(record.seq) + " where " + std::to_string(number) +
           " was expected: a record was removed, inserted or moved";
  }
  const std::string& expected_prev = last ? last->hash : audit::kGenesisHash;
  if (record.prev != expected_prev) {
    return at +
           (last ? "has a prev that is not the hash of line " + std::to_string(number - 1)
                 : std::string("has a prev that is not 64 zeros")) +
           ": a record was removed, inserted or moved";
  }
  last = std::move(record);
  return std::nullopt;
}

}  // namespace

Result<AuditVerification> verify_audit_log(const std::filesystem::path& file) {
  const std::string path = file.string();
  audit::FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return audit::os_error("cannot open audit log", path, errno, true);
  // Snapshot a consistent (length, head) pair under the lock, then read without it: the
  // log is append-only, so its first `size` bytes stay what they were.
  std::int64_t size = 0;
  std::optional<std::string> head_text;
  const std::string head_path = path + ".head";
  {
    audit::FileLock lock(fd.get(), LOCK_SH, path);
    if (!lock.status().ok()) return lock.status();
    auto length = audit::regular_file_size(fd.get(), path);
    if (!length.ok()) return length.status();
    size = *length;
    auto text = platform::read_file_once(head_path, audit::kMaxHeadBytes);
    if (!text.ok()) return text.status();
    head_text = std::move(*text);
  }

  AuditVerification result;
  auto fail = [&result](std::int64_t line, std::string problem) {
    result.intact = false;
    result.first_bad_line = line;
    if (line > 0) result.records = std::min(result.records, line - 1);
    result.problem = std::move(problem);
    return result;
  };
  std::optional<Record> last;
  std::int64_t line_number = 0;
  std::string pending;  // the start of a line whose '\n' has not been read yet
  std::string block;
  constexpr std::int64_t kChunk = 1 << 16;
  for (std::int64_t offset = 0; offset < size; offset += kChunk) {
    const auto length = static_cast<std::size_t>(std::min(kChunk, size - offset));
    if (Status s = audit::read_at(fd.get(), offset, length, path, block); !s.ok()) return s;
    std::size_t start = 0;
    for (std::size_t newline; (newline = block.find('\n', start)) != std::string::npos;
         start = newline + 1) {
      ++line_number;
      std::string_view line(block.data() + start, newline - start);
      if (!pending.empty()) {
        pending.append(line);
        line = pending;
      }
      if (auto problem = check_line(line, line_number, last)) {
        return fail(line_number, std::move(*problem));
      }
      result.records = line_number;
      pending.clear();
    }
    pending.append(block, start);
    if (pending.size() > audit::kMaxLineBytes) {
      return fail(line_number + 1,
                  "line " + std::to_string(line_number + 1) + " is longer than any record");
    }
  }
  if (!pending.empty()) {
    return fail(line_number + 1, "line " + std::to_string(line_number + 1) +
                                     " is incomplete (no newline at the end: a torn write or a "
                                     "truncated file)");
  }

  std::optional<Head> head;
  if (head_text) {
    auto parsed = audit::parse_head(*head_text);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      return fail(0, "the head sidecar " + head_path + " " + *problem);
    }
    head = std::get<Head>(parsed);
  }
  const EndCheck end = audit::check_end(last, head);
  if (end.kind != EndCheck::consistent) return fail(end.line, end.problem);
  result.intact = true;
  return result;
}

}  // namespace vigil
