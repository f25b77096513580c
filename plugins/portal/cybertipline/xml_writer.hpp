// A minimal streaming XML writer for the documents we send to the CyberTipline: an XML
// declaration, nested elements, text-only leaf elements and attributes, written compactly
// (no indentation, so no whitespace text nodes) in exactly the order the caller writes them.
// The caller is responsible for schema order.
//
// Every text and attribute value goes through check_xml_text (xml_text.hpp) and is escaped,
// so hostile text such as "</report><x>" can only ever be character data. A value that XML
// cannot carry (invalid UTF-8, control characters) throws validation_error naming the
// element or attribute.
//
// Element and attribute names are the writer's own constants, never input: a name that is
// not a plain ASCII XML name, close() without an open element, or finish() with elements
// still open is a programming error and throws std::logic_error.
//
// Not thread-safe; one writer per document.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::portal::cybertipline {

struct xml_attribute {
  std::string_view name;
  std::string_view value;
};

class xml_writer {
 public:
  // Starts the document: `<?xml version="1.0" encoding="UTF-8"?>` and the root start tag.
  explicit xml_writer(std::string_view root, std::initializer_list<xml_attribute> attributes = {});

  // Writes a start tag; close() writes the matching end tag.
  void open(std::string_view name, std::initializer_list<xml_attribute> attributes = {});
  void close();

  // <name attr="...">text</name>; an empty text gives <name></name>.
  void text_element(std::string_view name, std::string_view text,
                    std::initializer_list<xml_attribute> attributes = {});

  // <name/>, used for flags such as <generativeAi/>.
  void empty_element(std::string_view name);

  // Closes the root element and returns the document. The writer is spent afterwards.
  std::string finish() &&;

 private:
  void start_tag(std::string_view name, std::initializer_list<xml_attribute> attributes);

  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace vigil::portal::cybertipline
