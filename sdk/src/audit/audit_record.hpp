// Internal: the audit record and head formats, and the check that a log's end matches its
// head (see vigil/audit_log.hpp for the contract). Pure functions; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vigil::audit {

// prev of the first record.
inline const std::string kGenesisHash(64, '0');

// No record line is longer (fields are at most kAuditMaxFieldsBytes); longer lines are
// rejected without being buffered further.
inline constexpr std::size_t kMaxLineBytes = 1 << 20;

struct Record {
  std::int64_t seq = 0;
  std::string time;
  std::string event;
  nlohmann::json fields;  // an object; nlohmann::json keeps keys sorted
  std::string prev;
  std::string hash;
};

// The bytes that are hashed: {"seq":..,"time":..,"event":..,"fields":..,"prev":..}.
// Throws nlohmann::json::type_error on strings that are not UTF-8.
std::string canonical_text(const Record& record);

// Lowercase hex SHA-256.
std::string sha256_hex(std::string_view bytes);

// Sets record.hash and returns the line, with its trailing '\n'.
std::string seal(Record& record);

// true for 64 lowercase hex digits.
bool is_hash(std::string_view text);

// One line (without '\n') as a self-consistent record: valid JSON with the record keys,
// hash matching its canonical text, line equal to the canonical form. Does not look at the
// chain (seq, prev). On failure, a problem description that never quotes the line.
std::variant<Record, std::string> parse_record(std::string_view line);

struct Head {
  std::int64_t seq = 0;
  std::string hash;
};

// {"seq":N,"hash":"..."} and its '\n'.
std::string format_head(const Head& head);
std::variant<Head, std::string> parse_head(std::string_view text);

// Whether a log's last record agrees with its head.
struct EndCheck {
  enum Kind {
    consistent,
    head_one_behind,  // the last record chains onto the head: an interrupted append
    broken,
  };
  Kind kind = consistent;
  std::int64_t line = 0;  // for broken: the first bad line, 0 when the head itself is bad
  std::string problem;
};
EndCheck check_end(const std::optional<Record>& last, const std::optional<Head>& head);

}  // namespace vigil::audit
