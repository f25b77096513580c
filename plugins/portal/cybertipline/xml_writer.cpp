#include "cybertipline/xml_writer.hpp"

#include <stdexcept>
#include <utility>

#include "cybertipline/xml_text.hpp"

namespace vigil::portal::cybertipline {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

// Plain ASCII names only: [A-Za-z_][A-Za-z0-9_.-]*, optionally one "prefix:" (xsi:...).
void require_name(std::string_view name) {
  bool ok = !name.empty() && is_name_start(name.front());
  bool seen_colon = false;
  for (std::size_t i = 1; ok && i < name.size(); ++i) {
    const char c = name[i];
    if (c == ':' && !seen_colon && i + 1 < name.size() && is_name_start(name[i + 1])) {
      seen_colon = true;
      continue;
    }
    ok = is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
  if (!ok) throw std::logic_error("xml_writer: invalid XML name");
}

}  // namespace

xml_writer::xml_writer(std::string_view root, std::initializer_list<xml_attribute> attributes) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  start_tag(root, attributes);
  out_ += '>';
  open_.emplace_back(root);
}

void xml_writer::start_tag(std::string_view name, std::initializer_list<xml_attribute> attributes) {
  require_name(name);
  out_ += '<';
  out_ += name;
  for (const xml_attribute& attribute : attributes) {
    require_name(attribute.name);
    check_xml_text(attribute.value, std::string(name) + "@" + std::string(attribute.name));
    out_ += ' ';
    out_ += attribute.name;
    out_ += "=\"";
    append_escaped_attribute(out_, attribute.value);
    out_ += '"';
  }
}

void xml_writer::open(std::string_view name, std::initializer_list<xml_attribute> attributes) {
  if (open_.empty()) throw std::logic_error("xml_writer: document already finished");
  start_tag(name, attributes);
  out_ += '>';
  open_.emplace_back(name);
}

void xml_writer::close() {
  if (open_.size() <= 1) throw std::logic_error("xml_writer: close() without an open element");
  out_ += "</";
  out_ += open_.back();
  out_ += '>';
  open_.pop_back();
}

void xml_writer::text_element(std::string_view name, std::string_view text,
                              std::initializer_list<xml_attribute> attributes) {
  if (open_.empty()) throw std::logic_error("xml_writer: no open element");
  check_xml_text(text, name);
  start_tag(name, attributes);
  out_ += '>';
  append_escaped_text(out_, text);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void xml_writer::empty_element(std::string_view name) {
  if (open_.empty()) throw std::logic_error("xml_writer: no open element");
  start_tag(name, {});
  out_ += "/>";
}

std::string xml_writer::finish() && {
  if (open_.size() != 1) throw std::logic_error("xml_writer: finish() with elements still open");
  out_ += "</";
  out_ += open_.back();
  out_ += '>';
  open_.clear();
  return std::move(out_);
}

}  // namespace vigil::portal::cybertipline
