#include "cybertipline/file_details_xml.hpp"

#include <array>

#include "cybertipline/enumerations.hpp"
#include "cybertipline/errors.hpp"
#include "cybertipline/field_limits.hpp"
#include "cybertipline/field_reader.hpp"
#include "cybertipline/field_writers.hpp"
#include "cybertipline/xml_writer.hpp"

namespace vigil::portal::cybertipline {
namespace {

namespace limits = field_limits;

void write_id(xml_writer& out, std::string_view id, std::string_view xml_name) {
  const std::string label = std::string(xml_name) + " argument";
  if (id.empty()) throw validation_error(label + ": is required");
  limits::check_length(id, limits::kUnlimited, label);
  out.text_element(xml_name, id);
}

bool is_hex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string to_lower_hex(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

void write_hashes(xml_writer& out, const field_reader& file) {
  const auto hashes = file.object("hashes");
  if (!hashes) return;
  const nlohmann::json& members = *file.get("hashes");
  for (const auto& member : members.items()) {
    bool known = false;
    for (const hash_type& type : kHashTypes) known = known || member.key() == type.json_key;
    if (!known) {
      throw validation_error(field_label(hashes->path(), "originalFileHash") +
                             ": unsupported hash type (supported: md5, sha1, sha256, pdq)");
    }
  }
  for (const hash_type& type : kHashTypes) {
    const auto hex = hashes->string(type.json_key);
    if (!hex) continue;
    const std::string label = field_label(hashes->path_of(type.json_key), "originalFileHash");
    limits::check_length(type.xml_name, limits::kHashType, label + "@hashType");
    if (hex->size() != type.hex_digits || !is_hex(*hex)) {
      throw validation_error(label + ": must be " + std::to_string(type.hex_digits) +
                             " hexadecimal digits");
    }
    out.text_element("originalFileHash", to_lower_hex(*hex), {{"hashType", type.xml_name}});
  }
}

// A match field's value as text: a string, or an integer in decimal.
std::optional<std::string> match_value(const field_reader& match, std::string_view key) {
  const nlohmann::json* value = match.get(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->dump();
  if (!value->is_string()) {
    throw validation_error(field_label(match.path_of(key), "value") +
                           ": must be a string or an integer");
  }
  const auto text = match.string(key);
  if (!text) return std::nullopt;
  limits::check_length(*text, limits::kUnlimited, field_label(match.path_of(key), "value"));
  return std::string(*text);
}

struct match_field {
  std::string_view json_key;
  std::string_view pair_name;
};
constexpr std::array<match_field, 6> kMatchFields = {{
    {"bank", "matched_bank"},
    {"list_version", "list_version"},
    {"entry", "entry"},
    {"signal_type", "signal_type"},
    {"distance", "distance"},
    {"variant", "variant"},
}};

void write_matches(xml_writer& out, const field_reader& file) {
  const nlohmann::json* matches = file.array("matches");
  if (matches == nullptr) return;
  for (std::size_t i = 0; i < matches->size(); ++i) {
    const field_reader match((*matches)[i],
                             file.path_of("matches") + "[" + std::to_string(i) + "]");
    if (const auto distance = match.integer("distance"); distance && *distance < 0) {
      throw validation_error(field_label(match.path_of("distance"), "value") +
                             ": must not be negative");
    }
    std::array<std::optional<std::string>, kMatchFields.size()> values;
    bool any = false;
    for (std::size_t f = 0; f < kMatchFields.size(); ++f) {
      values[f] = match_value(match, kMatchFields[f].json_key);
      any = any || values[f].has_value();
    }
    if (!any) continue;
    out.open("details", {{"type", "HASH"}});
    for (std::size_t f = 0; f < kMatchFields.size(); ++f) {
      if (!values[f]) continue;
      out.open("nameValuePair");
      out.text_element("name", kMatchFields[f].pair_name);
      out.text_element("value", *values[f]);
      out.close();
    }
    out.close();
  }
}

}  // namespace

std::string write_file_details_xml(const nlohmann::json& report, std::size_t file_index,
                                   std::string_view report_id, std::string_view file_id) {
  const field_reader fields(report, "");
  const nlohmann::json* files = fields.array("files");
  const std::string path = "files[" + std::to_string(file_index) + "]";
  if (files == nullptr || file_index >= files->size()) {
    throw validation_error(path + ": no such file in the report");
  }
  const field_reader file((*files)[file_index], path);
  const auto viewed = file.boolean("viewed_by_person");

  xml_writer out("fileDetails");
  write_id(out, report_id, "reportId");
  write_id(out, file_id, "fileId");
  write_text_member(out, file, "file_name", "fileName");
  write_text_member(out, file, "original_file_name", "originalFileName", limits::kOriginalFileName);
  write_datetime_member(out, file, "uploaded_at", "uploadedToEspTimestamp");
  write_text_member(out, file, "location", "locationOfFile", limits::kLocationOfFile);
  out.text_element("fileViewedByEsp", viewed.value_or(false) ? "true" : "false");
  write_bool_member(out, file, "exif_viewed_by_person", "exifViewedByEsp");
  write_bool_member(out, file, "publicly_available", "publiclyAvailable");
  write_enum_member(out, file, "relevance", "fileRelevance", kFileRelevances);
  write_flags_member(out, file, "annotations", "fileAnnotations", kFileAnnotations);
  write_enum_member(out, file, "industry_classification", "industryClassification",
                    kIndustryClassifications);
  write_hashes(out, file);
  write_matches(out, file);
  return std::move(out).finish();
}

}  // namespace vigil::portal::cybertipline
