// Writing members of the report JSON as XML elements, with their checks: the glue between
// field_reader (typed JSON access) and xml_writer shared by report_xml.cpp and
// file_details_xml.cpp.
//
// Each function writes nothing when the member is absent (see field_reader.hpp for what
// counts as absent) and throws validation_error naming the member, as
// "<json path> (<xml element>): <rule>", when it is present but wrong. Messages never
// contain values; enumeration errors list the allowed values.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "cybertipline/field_limits.hpp"
#include "cybertipline/field_reader.hpp"
#include "cybertipline/xml_writer.hpp"

namespace vigil::portal::cybertipline {

// "uploader.screen_name (screenName)".
std::string field_label(std::string_view json_path, std::string_view xml_name);

// Throws "<label>: must be one of: a, b, ..." unless `value` is exactly one of `allowed`.
void require_one_of(std::string_view value, std::span<const std::string_view> allowed,
                    std::string_view label);

// String member `key` as <xml_name>text</xml_name>, at most `max_chars` characters.
void write_text_member(xml_writer& out, const field_reader& fields, std::string_view key,
                       std::string_view xml_name, std::size_t max_chars = field_limits::kUnlimited);

// Boolean member as <xml_name>true|false</xml_name>.
void write_bool_member(xml_writer& out, const field_reader& fields, std::string_view key,
                       std::string_view xml_name);

// xs:dateTime member (xs_datetime.hpp). With `required`, absence is an error.
void write_datetime_member(xml_writer& out, const field_reader& fields, std::string_view key,
                           std::string_view xml_name, bool required = false);

// String member that must be one of `allowed`.
void write_enum_member(xml_writer& out, const field_reader& fields, std::string_view key,
                       std::string_view xml_name, std::span<const std::string_view> allowed);

// Array-of-strings member naming flags: written as <container><flag/>...</container> with
// each flag once, in the order of `allowed` (schema order), whatever the input order. An
// absent or empty array writes nothing; a non-string or unknown flag is an error.
void write_flags_member(xml_writer& out, const field_reader& fields, std::string_view key,
                        std::string_view container, std::span<const std::string_view> allowed);

}  // namespace vigil::portal::cybertipline
