#include "demo_hash_list.hpp"

namespace vigil::cli {
namespace {

void append_records(std::string& out, const std::vector<DemoListRecord>& records, bool videos) {
  const char* element = videos ? "video" : "image";
  out += videos ? "  <videos>\n" : "  <images>\n";
  for (const DemoListRecord& record : records) {
    if (record.video != videos) continue;
    out += std::string("    <") + element + ">\n";
    out += "      <member id=\"1\">Vigil demo hotline</member>\n";
    out += "      <timestamp>2026-01-01T00:00:00Z</timestamp>\n";
    out += "      <id>" + record.id + "</id>\n";
    out += "      <fingerprints>\n";
    for (const auto& [type, value] : record.fingerprints) {
      out += "        <" + type + ">" + value + "</" + type + ">\n";
    }
    out += "      </fingerprints>\n";
    out += std::string("    </") + element + ">\n";
  }
  out += videos ? "  </videos>\n" : "  </images>\n";
}

}  // namespace

std::string ncmec_xml_list(const std::vector<DemoListRecord>& records) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- Written by `vigil demo`: hashes of generated benign files, no real list. -->\n"
      "<queryResult>\n";
  append_records(out, records, false);
  append_records(out, records, true);
  out += "</queryResult>\n";
  return out;
}

}  // namespace vigil::cli
