#include "cybertipline/response.hpp"

#include <charconv>
#include <string>
#include <system_error>
#include <vector>

#include <pugixml.hpp>

#include "cybertipline/errors.hpp"
#include "cybertipline/xml_text.hpp"

namespace vigil::portal::cybertipline {
namespace {

constexpr std::string_view kXmlSpace = " \t\r\n";

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(kXmlSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kXmlSpace) - first + 1);
}

bool starts_with_ascii_ci(std::string_view text, std::size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = text[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

// No DTD ever reaches the parser: "<!" may only open a comment or a CDATA section.
void refuse_declarations(std::string_view body) {
  for (std::size_t pos = body.find("<!"); pos != std::string_view::npos;
       pos = body.find("<!", pos + 2)) {
    if (starts_with_ascii_ci(body, pos, "<!doctype") ||
        starts_with_ascii_ci(body, pos, "<!entity")) {
      throw response_error("response carries a DOCTYPE or ENTITY declaration: refused");
    }
    if (body.compare(pos, 4, "<!--") != 0 && body.compare(pos, 9, "<![CDATA[") != 0) {
      throw response_error("response carries a markup declaration: refused");
    }
  }
}

std::string_view local_name(const char* name) {
  const std::string_view full(name);
  const std::size_t colon = full.find(':');
  return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

// The element's character data and CDATA, trimmed. `name` is our constant, for messages.
std::string text_of(const pugi::xml_node& element, std::string_view name) {
  std::string value;
  for (const pugi::xml_node& child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      value += child.value();
    } else if (child.type() == pugi::node_element) {
      throw response_error("response element " + std::string(name) + " holds child elements");
    }
  }
  // Character references (&#6;) decode to characters the raw-text check could not see.
  if (find_text_problem(value, text_policy::xml10)) {
    throw response_error("response element " + std::string(name) +
                         " holds a character XML does not allow");
  }
  return std::string(trim(value));
}

int parse_code(std::string_view text) {
  int code = 0;
  const char* const end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, code);
  if (text.empty() || error != std::errc() || ptr != end) {
    throw response_error("response responseCode is not an integer");
  }
  return code;
}

pugi::xml_node root_element(const pugi::xml_document& document) {
  pugi::xml_node root;
  for (const pugi::xml_node& child : document.children()) {
    if (child.type() == pugi::node_element) {
      if (root) throw response_error("response has more than one root element");
      root = child;
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      throw response_error("response has text outside its root element");
    }
  }
  if (!root) throw response_error("response has no root element");
  return root;
}

// Refuses a second occurrence of a singular element.
class once_per_document {
 public:
  void see(std::string_view name) {
    for (const std::string_view seen : seen_) {
      if (seen == name) throw response_error("response repeats element " + std::string(name));
    }
    seen_.push_back(name);
  }

 private:
  std::vector<std::string_view> seen_;
};

void read_files(const pugi::xml_node& files, Response& response) {
  for (const pugi::xml_node& child : files.children()) {
    if (child.type() != pugi::node_element || local_name(child.name()) != "fileId") continue;
    std::string id = text_of(child, "fileId");
    if (id.empty()) throw response_error("response files/fileId is empty");
    response.file_ids.push_back(std::move(id));
  }
}

}  // namespace

Response parse_response(std::string_view body, std::size_t max_bytes) {
  if (body.size() > max_bytes) {
    throw response_error("response larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (trim(body).empty()) throw response_error("empty response");
  if (const auto problem = find_text_problem(body, text_policy::xml10)) {
    throw response_error(problem->what == text_problem::kind::invalid_utf8
                             ? "response is not valid UTF-8 (byte " +
                                   std::to_string(problem->byte_offset) + ")"
                             : "response holds a character XML does not allow (byte " +
                                   std::to_string(problem->byte_offset) + ")");
  }
  refuse_declarations(body);

  pugi::xml_document document;
  // parse_fragment keeps text outside the root as nodes, so root_element() can refuse it.
  constexpr unsigned kFlags =
      pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol | pugi::parse_fragment;
  const pugi::xml_parse_result parsed =
      document.load_buffer(body.data(), body.size(), kFlags, pugi::encoding_utf8);
  if (!parsed) {
    throw response_error(std::string("malformed response XML: ") + parsed.description() +
                         " (byte " + std::to_string(parsed.offset) + ")");
  }
  const pugi::xml_node root = root_element(document);
  const std::string_view root_name = local_name(root.name());
  Response response;
  if (root_name == "reportDoneResponse") {
    response.done = true;
  } else if (root_name != "reportResponse") {
    throw response_error(
        "unexpected response root element (want reportResponse or "
        "reportDoneResponse)");
  }

  once_per_document once;
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child.name());
    if (name == "responseCode") {
      once.see("responseCode");
      response.response_code = parse_code(text_of(child, name));
    } else if (name == "responseDescription") {
      once.see("responseDescription");
      response.description = text_of(child, name);
    } else if (name == "reportId") {
      once.see("reportId");
      response.report_id = text_of(child, name);
    } else if (name == "fileId" && !response.done) {
      once.see("fileId");
      response.file_id = text_of(child, name);
    } else if (name == "hash" && !response.done) {
      once.see("hash");
      response.hash = text_of(child, name);
    } else if (name == "files" && response.done) {
      once.see("files");
      read_files(child, response);
    }
  }
  return response;
}

}  // namespace vigil::portal::cybertipline
