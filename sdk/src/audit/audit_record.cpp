#include "audit_record.hpp"

#include <openssl/evp.h>

#include <limits>
#include <span>

#include "platform/hex.hpp"

namespace vigil::audit {
namespace {

using Json = nlohmann::json;

// A JSON integer that fits std::int64_t and is at least 1.
std::optional<std::int64_t> positive_int(const Json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  const auto number = value.get<std::int64_t>();
  if (number < 1) return std::nullopt;
  return number;
}

}  // namespace

std::string canonical_text(const Record& record) {
  std::string text = "{\"seq\":" + std::to_string(record.seq);
  text += ",\"time\":" + Json(record.time).dump();
  text += ",\"event\":" + Json(record.event).dump();
  text += ",\"fields\":" + record.fields.dump();
  text += ",\"prev\":" + Json(record.prev).dump() + "}";
  return text;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return platform::hex_encode(std::span<const std::uint8_t>(digest, length));
}

std::string seal(Record& record) {
  std::string line = canonical_text(record);
  record.hash = sha256_hex(line);
  line.pop_back();  // the closing '}'
  line += ",\"hash\":\"" + record.hash + "\"}\n";
  return line;
}

bool is_hash(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::variant<Record, std::string> parse_record(std::string_view line) {
  const Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::string("is not valid JSON");
  if (!json.is_object() || json.size() != 6) {
    return std::string("is not an object with exactly seq, time, event, fields, prev and hash");
  }
  for (const char* key : {"seq", "time", "event", "fields", "prev", "hash"}) {
    if (!json.contains(key)) return "has no \"" + std::string(key) + "\"";
  }
  Record record;
  const auto seq = positive_int(json["seq"]);
  if (!seq) return std::string("has a seq that is not a positive integer");
  record.seq = *seq;
  if (!json["time"].is_string() || !json["event"].is_string()) {
    return std::string("has a time or event that is not a string");
  }
  if (!json["fields"].is_object()) return std::string("has fields that are not an object");
  const Json& prev = json["prev"];
  const Json& hash = json["hash"];
  if (!prev.is_string() || !is_hash(prev.get_ref<const std::string&>()) || !hash.is_string() ||
      !is_hash(hash.get_ref<const std::string&>())) {
    return std::string("has a prev or hash that is not 64 lowercase hex digits");
  }
  record.time = json["time"].get<std::string>();
  record.event = json["event"].get<std::string>();
  record.fields = json["fields"];
  record.prev = prev.get<std::string>();
  const std::string stored_hash = hash.get<std::string>();
  Record resealed = record;
  std::string expected_line;
  try {
    expected_line = seal(resealed);
  } catch (const nlohmann::json::exception&) {
    return std::string("cannot be serialized canonically");
  }
  if (resealed.hash != stored_hash) {
    return std::string("has a hash that does not match its contents (the record was edited)");
  }
  expected_line.pop_back();  // '\n'
  if (line != expected_line) {
    return std::string("is not in canonical form (the line was reformatted or edited)");
  }
  record.hash = stored_hash;
  return record;
}

std::string format_head(const Head& head) {
  return "{\"seq\":" + std::to_string(head.seq) + ",\"hash\":\"" + head.hash + "\"}\n";
}

std::variant<Head, std::string> parse_head(std::string_view text) {
  const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || json.size() != 2 || !json.contains("seq") ||
      !json.contains("hash")) {
    return std::string("is not a JSON object with exactly seq and hash");
  }
  const auto seq = positive_int(json["seq"]);
  if (!seq || !json["hash"].is_string() || !is_hash(json["hash"].get_ref<const std::string&>())) {
    return std::string("does not hold a positive seq and a 64-hex-digit hash");
  }
  Head head{*seq, json["hash"].get<std::string>()};
  if (text != format_head(head)) return std::string("is not in canonical form");
  return head;
}

EndCheck check_end(const std::optional<Record>& last, const std::optional<Head>& head) {
  if (!last && !head) return {};
  if (!last) {
    return {EndCheck::broken, 1,
            "the log is empty but its head records " + std::to_string(head->seq) +
                " record(s): they were removed"};
  }
  const std::string at_seq = std::to_string(last->seq);
  if (!head) {
    if (last->seq == 1 && last->prev == kGenesisHash) {
      return {EndCheck::head_one_behind, 1,
              "the first record has no head: an append was interrupted before the head was "
              "written (opening the log for append repairs the head)"};
    }
    return {EndCheck::broken, 0,
            "the head sidecar is missing (the log ends at seq " + at_seq + ")"};
  }
  const std::string head_seq = std::to_string(head->seq);
  if (head->seq == last->seq) {
    if (head->hash == last->hash) return {};
    return {EndCheck::broken, last->seq,
            "the last record (seq " + at_seq + ") does not match the head: it was replaced"};
  }
  if (head->seq > last->seq) {
    return {EndCheck::broken, last->seq + 1,
            "the log ends at seq " + at_seq + " but the head records seq " + head_seq +
                ": the last " + std::to_string(head->seq - last->seq) + " record(s) were removed"};
  }
  if (head->seq + 1 == last->seq && last->prev == head->hash) {
    return {EndCheck::head_one_behind, last->seq,
            "the head records seq " + head_seq + " but the log ends at seq " + at_seq +
                ": an append was interrupted before the head was updated (opening the log for "
                "append repairs the head)"};
  }
  return {EndCheck::broken, head->seq + 1,
          "the log continues past the head (seq " + head_seq + ") to seq " + at_seq +
              ": records were added without AuditLog, or the head was replaced"};
}

}  // namespace vigil::audit
