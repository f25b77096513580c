#include "portal_documents.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <sstream>

namespace vigil::testing::details {
namespace {

constexpr int kUnbounded = -1;

// One allowed child element: its name and how often it may appear. A parent's rules are
// listed in schema order.
struct ChildRule {
  std::string_view name;
  int min = 0;
  int max = 1;
};

constexpr std::array kReportRules{
    ChildRule{"batchedReport"},
    ChildRule{"incidentSummary", 1, 1},
    ChildRule{"internetDetails", 0, kUnbounded},
    ChildRule{"lawEnforcement"},
    ChildRule{"reporter", 1, 1},
    ChildRule{"personOrUserReported", 0, kUnbounded},
    ChildRule{"intendedRecipient", 0, kUnbounded},
    ChildRule{"victim", 0, kUnbounded},
    ChildRule{"additionalInfo"},
};

constexpr std::array kIncidentSummaryRules{
    ChildRule{"incidentType", 1, 1},     ChildRule{"platform"},
    ChildRule{"escalateToHighPriority"}, ChildRule{"reportAnnotations"},
    ChildRule{"incidentDateTime", 1, 1}, ChildRule{"incidentDateTimeDescription"},
};

constexpr std::array kReporterRules{
    ChildRule{"reportingPerson", 1, 1}, ChildRule{"contactPerson"}, ChildRule{"companyTemplate"},
    ChildRule{"termsOfService"},        ChildRule{"legalURL"},
};

constexpr std::array kWebPageIncidentRules{
    ChildRule{"url", 0, kUnbounded},
    ChildRule{"additionalInfo"},
};

constexpr std::array kIpCaptureEventRules{
    ChildRule{"ipAddress", 1, 1}, ChildRule{"eventName"}, ChildRule{"dateTime"},
    ChildRule{"possibleProxy"},   ChildRule{"port"},
};

constexpr std::array kFileDetailsRules{
    ChildRule{"reportId", 1, 1},
    ChildRule{"fileId", 1, 1},
    ChildRule{"fileName"},
    ChildRule{"originalFileName"},
    ChildRule{"uploadedToEspTimestamp"},
    ChildRule{"locationOfFile"},
    ChildRule{"fileViewedByEsp"},
    ChildRule{"exifViewedByEsp"},
    ChildRule{"publiclyAvailable"},
    ChildRule{"fileRelevance"},
    ChildRule{"fileAnnotations"},
    ChildRule{"industryClassification"},
    ChildRule{"originalFileHash", 0, kUnbounded},
    ChildRule{"ipCaptureEvent"},
    ChildRule{"deviceId"},
    ChildRule{"details", 0, kUnbounded},
    ChildRule{"additionalInfo"},
};

constexpr std::array kDetailsRules{ChildRule{"nameValuePair", 0, kUnbounded}};
constexpr std::array kNameValuePairRules{ChildRule{"name", 1, 1}, ChildRule{"value", 1, 1}};

constexpr std::array<std::string_view, 8> kIncidentTypes{
    "Child Pornography (possession, manufacture, and distribution)",
    "Child Sex Trafficking",
    "Child Sex Tourism",
    "Child Sexual Molestation",
    "Misleading Domain Name",
    "Misleading Words or Digital Images on the Internet",
    "Online Enticement of Children for Sexual Acts",
    "Unsolicited Obscene Material Sent to a Child",
};

constexpr std::array<std::string_view, 8> kIncidentKinds{
    "webPageIncident",      "emailIncident",     "newsgroupIncident",   "chatImIncident",
    "onlineGamingIncident", "cellPhoneIncident", "nonInternetIncident", "peer2peerIncident",
};

constexpr std::array<std::string_view, 6> kEventNames{"Login",  "Registration", "Purchase",
                                                      "Upload", "Other",        "Unknown"};
constexpr std::array<std::string_view, 2> kFileRelevances{"Reported", "Supplemental Reported"};
constexpr std::array<std::string_view, 4> kIndustryClassifications{"A1", "A2", "B1", "B2"};
constexpr std::array<std::string_view, 2> kDetailsTypes{"EXIF", "HASH"};
constexpr std::array<std::string_view, 4> kBooleans{"true", "false", "1", "0"};

// Field limits in characters, applied to elements of that name anywhere in a document.
struct FieldLimit {
  std::string_view name;
  std::size_t max_chars;
};
constexpr std::array kFieldLimits{
    FieldLimit{"platform", 256},
    FieldLimit{"screenName", 256},
    FieldLimit{"espIdentifier", 256},
    FieldLimit{"firstName", 100},
    FieldLimit{"lastName", 100},
    FieldLimit{"escalateToHighPriority", 3000},
    FieldLimit{"incidentDateTimeDescription", 3000},
    FieldLimit{"originalFileName", 2056},
    FieldLimit{"locationOfFile", 2083},
    FieldLimit{"legalURL", 2083},
};
constexpr std::size_t kHashTypeMaxChars = 64;

// A refusal, thrown by the checks below and turned into a DocumentCheck at the top.
struct Refusal {
  int response_code;
  std::string description;
};

[[noreturn]] void refuse(std::string description) {
  throw Refusal{kValidationFailed, std::move(description)};
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string tag(std::string_view name) { return "<" + std::string(name) + ">"; }

template <std::size_t N>
bool one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N>
void check_enumeration(pugi::xml_node node, const std::array<std::string_view, N>& allowed) {
  if (!node) return;
  const std::string_view value = node.text().get();
  if (!one_of(value, allowed)) {
    refuse(tag(node.name()) + " '" + std::string(value) + "' is not one of the allowed values");
  }
}

// Children in schema order, each within its min/max count, no unknown element, no text.
void check_children(pugi::xml_node parent, std::span<const ChildRule> rules) {
  std::vector<int> counts(rules.size(), 0);
  std::size_t position = 0;
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      if (!trim(child.value()).empty())
        refuse(tag(parent.name()) + " must hold elements, not text");
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [&](const ChildRule& r) { return r.name == child.name(); });
    if (rule == rules.end()) {
      refuse("unexpected element " + tag(child.name()) + " in " + tag(parent.name()));
    }
    const auto index = static_cast<std::size_t>(rule - rules.begin());
    if (index < position) {
      refuse(tag(child.name()) + " is out of schema order in " + tag(parent.name()) +
             ": it must come before " + tag(rules[position].name));
    }
    position = index;
    ++counts[index];
    if (rule->max != kUnbounded && counts[index] > rule->max) {
      refuse(tag(child.name()) + " appears more than " + std::to_string(rule->max) +
             " time(s) in " + tag(parent.name()));
    }
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (counts[i] < rules[i].min) {
      refuse(tag(parent.name()) + " lacks the required element " + tag(rules[i].name));
    }
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// xs:dateTime: -?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?
bool is_date_time(std::string_view s) {
  std::size_t i = 0;
  const auto number = [&](std::size_t width, int low, int high) {
    if (i + width > s.size()) return false;
    int value = 0;
    for (std::size_t end = i + width; i < end; ++i) {
      if (!is_digit(s[i])) return false;
      value = value * 10 + (s[i] - '0');
    }
    return value >= low && value <= high;
  };
  const auto skip = [&](char c) {
    if (i >= s.size() || s[i] != c) return false;
    ++i;
    return true;
  };
  skip('-');
  const std::size_t year = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i - year < 4) return false;
  if (!skip('-') || !number(2, 1, 12) || !skip('-') || !number(2, 1, 31) || !skip('T') ||
      !number(2, 0, 23) || !skip(':') || !number(2, 0, 59) || !skip(':') || !number(2, 0, 59)) {
    return false;
  }
  if (skip('.')) {
    const std::size_t fraction = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == fraction) return false;
  }
  if (i == s.size()) return true;
  if (skip('Z')) return i == s.size();
  if (!skip('+') && !skip('-')) return false;
  return number(2, 0, 14) && skip(':') && number(2, 0, 59) && i == s.size();
}

void check_date_time(pugi::xml_node node) {
  if (!node) return;
  const std::string value = node.text().get();
  if (!is_date_time(value)) refuse(tag(node.name()) + " '" + value + "' is not an xs:dateTime");
}

void check_boolean(pugi::xml_node node) {
  if (!node) return;
  if (!one_of(trim(node.text().get()), kBooleans)) {
    refuse(tag(node.name()) + " must be true or false");
  }
}

void check_not_empty(pugi::xml_node node) {
  if (node && trim(node.text().get()).empty()) refuse(tag(node.name()) + " is empty");
}

void check_ip_capture_event(pugi::xml_node event) {
  check_children(event, kIpCaptureEventRules);
  check_not_empty(event.child("ipAddress"));
  check_enumeration(event.child("eventName"), kEventNames);
  check_date_time(event.child("dateTime"));
  check_boolean(event.child("possibleProxy"));
  if (const pugi::xml_node port = event.child("port")) {
    const std::string_view text = trim(port.text().get());
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 1 || value > 65535) {
      refuse("<port> '" + std::string(text) + "' is not in 1-65535");
    }
  }
}

// Field limits, hashType lengths and every ipCaptureEvent, wherever they appear.
void check_fields(pugi::xml_node root) {
  std::vector<pugi::xml_node> pending{root};
  while (!pending.empty()) {
    const pugi::xml_node node = pending.back();
    pending.pop_back();
    for (const FieldLimit& limit : kFieldLimits) {
      if (limit.name != node.name()) continue;
      const std::size_t length = utf8_length(node.text().get());
      if (length > limit.max_chars) {
        refuse(tag(node.name()) + " is " + std::to_string(length) +
               " characters long; the limit is " + std::to_string(limit.max_chars));
      }
    }
    if (const pugi::xml_attribute hash_type = node.attribute("hashType")) {
      if (utf8_length(hash_type.value()) > kHashTypeMaxChars) {
        refuse("hashType is longer than " + std::to_string(kHashTypeMaxChars) + " characters");
      }
    }
    if (std::string_view(node.name()) == "ipCaptureEvent") check_ip_capture_event(node);
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_element) pending.push_back(child);
    }
  }
}

// XML allows only the five predefined entities and character references without a DTD.
// pugixml leaves unknown ones as literal text, so look for them in the raw document.
bool is_predefined_reference(std::string_view name) {
  if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
    return true;
  }
  if (name.size() < 2 || name[0] != '#') return false;
  const bool hex = name[1] == 'x';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  return !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
    return is_digit(c) || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
  });
}

void check_entity_references(std::string_view xml) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kSkipped{{
      {"<![CDATA[", "]]>"},
      {"<!--", "-->"},
      {"<?", "?>"},
  }};
  std::size_t i = 0;
  while (i < xml.size()) {
    const auto skipped = std::find_if(kSkipped.begin(), kSkipped.end(), [&](const auto& section) {
      return xml.substr(i, section.first.size()) == section.first;
    });
    if (skipped != kSkipped.end()) {
      const std::size_t end = xml.find(skipped->second, i + skipped->first.size());
      i = end == std::string_view::npos ? xml.size() : end + skipped->second.size();
      continue;
    }
    if (xml[i] == '&') {
      const std::size_t semicolon = xml.find(';', i);
      if (semicolon == std::string_view::npos ||
          !is_predefined_reference(xml.substr(i + 1, semicolon - i - 1))) {
        throw Refusal{kMalformedXml,
                      "malformed XML: undefined entity reference at offset " + std::to_string(i)};
      }
    }
    ++i;
  }
}

// Parses `xml`, refusing what is not well-formed, a DOCTYPE and anything but exactly one
// root element called `root_name`.
pugi::xml_node parse(pugi::xml_document& document, std::string_view xml,
                     std::string_view root_name) {
  const pugi::xml_parse_result result = document.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_auto);
  if (!result) {
    throw Refusal{kMalformedXml, std::string("malformed XML: ") + result.description() +
                                     " at offset " + std::to_string(result.offset)};
  }
  pugi::xml_node root;
  for (pugi::xml_node node : document.children()) {
    if (node.type() == pugi::node_doctype) {
      throw Refusal{kMalformedXml, "malformed XML: a DOCTYPE is not allowed"};
    }
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      throw Refusal{kMalformedXml, "malformed XML: text outside the root element"};
    }
    if (node.type() != pugi::node_element) continue;
    if (root) throw Refusal{kMalformedXml, "malformed XML: more than one root element"};
    root = node;
  }
  check_entity_references(xml);
  if (std::string_view(root.name()) != root_name) {
    refuse("the root element is " + tag(root.name()) + ", expected " + tag(root_name));
  }
  return root;
}

std::string case_id_from(pugi::xml_node additional_info) {
  constexpr std::string_view kMarker = "Vigil case: ";
  std::string text;
  for (pugi::xml_node part : additional_info.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string_view trimmed = trim(line);
    if (trimmed.substr(0, kMarker.size()) == kMarker) {
      return std::string(trim(trimmed.substr(kMarker.size())));
    }
  }
  return "";
}

void check_internet_details(pugi::xml_node details) {
  std::size_t incidents = 0;
  for (pugi::xml_node incident : details.children()) {
    if (incident.type() == pugi::node_pcdata || incident.type() == pugi::node_cdata) {
      if (!trim(incident.value()).empty()) refuse("<internetDetails> must hold elements, not text");
    }
    if (incident.type() != pugi::node_element) continue;
    if (!one_of(std::string_view(incident.name()), kIncidentKinds)) {
      refuse("unexpected element " + tag(incident.name()) + " in <internetDetails>");
    }
    ++incidents;
  }
  if (incidents != 1) refuse("<internetDetails> must hold exactly one incident element");
  if (const pugi::xml_node web_page = details.child("webPageIncident")) {
    check_children(web_page, kWebPageIncidentRules);
  }
}

void check_report_body(pugi::xml_node report) {
  check_children(report, kReportRules);
  if (const pugi::xml_node batched = report.child("batchedReport")) {
    const pugi::xml_attribute reason = batched.attribute("reason");
    if (reason && std::string_view(reason.value()) != "VIRAL_POTENTIAL_MEME") {
      refuse("<batchedReport> reason '" + std::string(reason.value()) +
             "' is not VIRAL_POTENTIAL_MEME");
    }
  }
  const pugi::xml_node summary = report.child("incidentSummary");
  check_children(summary, kIncidentSummaryRules);
  check_enumeration(summary.child("incidentType"), kIncidentTypes);
  check_date_time(summary.child("incidentDateTime"));
  for (pugi::xml_node details : report.children("internetDetails")) {
    check_internet_details(details);
  }
  check_children(report.child("reporter"), kReporterRules);
  check_fields(report);
}

}  // namespace

ReportCheck check_report(std::string_view xml) {
  ReportCheck check;
  try {
    pugi::xml_document document;
    const pugi::xml_node report = parse(document, xml, "report");
    check_report_body(report);
    check.case_id = case_id_from(report.child("additionalInfo"));
  } catch (const Refusal& refusal) {
    check.response_code = refusal.response_code;
    check.description = refusal.description;
  }
  return check;
}

FileDetailsCheck check_file_details(std::string_view xml) {
  FileDetailsCheck check;
  try {
    pugi::xml_document document;
    const pugi::xml_node details = parse(document, xml, "fileDetails");
    check_children(details, kFileDetailsRules);
    check_not_empty(details.child("reportId"));
    check_not_empty(details.child("fileId"));
    check_date_time(details.child("uploadedToEspTimestamp"));
    check_boolean(details.child("fileViewedByEsp"));
    check_boolean(details.child("exifViewedByEsp"));
    check_boolean(details.child("publiclyAvailable"));
    check_enumeration(details.child("fileRelevance"), kFileRelevances);
    check_enumeration(details.child("industryClassification"), kIndustryClassifications);
    for (pugi::xml_node hash : details.children("originalFileHash")) {
      if (trim(hash.attribute("hashType").value()).empty()) {
        refuse("<originalFileHash> lacks the hashType attribute");
      }
      check_not_empty(hash);
    }
    for (pugi::xml_node extra : details.children("details")) {
      if (!one_of(std::string_view(extra.attribute("type").value()), kDetailsTypes)) {
        refuse("<details> type '" + std::string(extra.attribute("type").value()) +
               "' is not EXIF or HASH");
      }
      check_children(extra, kDetailsRules);
      for (pugi::xml_node pair : extra.children("nameValuePair")) {
        check_children(pair, kNameValuePairRules);
      }
    }
    check_fields(details);
    check.report_id = std::string(trim(details.child("reportId").text().get()));
    check.file_id = std::string(trim(details.child("fileId").text().get()));
  } catch (const Refusal& refusal) {
    check.response_code = refusal.response_code;
    check.description = refusal.description;
  }
  return check;
}

std::string describe_code(int response_code) {
  switch (response_code) {
    case 0:
      return "Success";
    case 1000:
      return "Server error";
    case 1100:
      return "Save failed";
    case 1110:
      return "Upload failed";
    case 1111:
      return "Upload failed";
    case 1210:
      return "Resource not found";
    case 1300:
      return "Update failed";
    case 2000:
      return "Authentication failed";
    case 3000:
      return "Not authorized";
    case 3100:
      return "Not authorized";
    case 3300:
      return "Not authorized";
    case 4000:
      return "Invalid request";
    case 4100:
      return "Validation failed";
    case 4110:
      return "Malformed XML";
    case 4200:
      return "Malformed file";
    case 5001:
      return "Report does not exist";
    case 5002:
      return "File does not exist";
    case 5101:
      return "Report already retracted";
    case 5102:
      return "Report already finished";
    default:
      return "Error " + std::to_string(response_code);
  }
}

namespace {

std::string serialize(const pugi::xml_document& document) {
  std::ostringstream out;
  document.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

void append_text(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(std::string(text).c_str());
}

}  // namespace

std::string report_response(int response_code, std::string_view description,
                            std::string_view report_id, std::string_view file_id,
                            std::string_view hash) {
  pugi::xml_document document;
  pugi::xml_node response = document.append_child("reportResponse");
  append_text(response, "responseCode", std::to_string(response_code));
  append_text(response, "responseDescription", description);
  if (!report_id.empty()) append_text(response, "reportId", report_id);
  if (!file_id.empty()) append_text(response, "fileId", file_id);
  if (!hash.empty()) append_text(response, "hash", hash);
  return serialize(document);
}

std::string report_done_response(std::string_view report_id,
                                 const std::vector<std::string>& file_ids) {
  pugi::xml_document document;
  pugi::xml_node response = document.append_child("reportDoneResponse");
  append_text(response, "responseCode", "0");
  append_text(response, "reportId", report_id);
  pugi::xml_node files = response.append_child("files");
  for (const std::string& file_id : file_ids) append_text(files, "fileId", file_id);
  return serialize(document);
}

}  // namespace vigil::testing::details
