// The hotline list `vigil demo` imports, written in a real list format: NCMEC Hash Sharing
// v2 XML (see vigil/list_import.hpp, "ncmec-xml"), the format NCMEC delivers to platforms.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace vigil::cli {

// One record of the list: an <image> or a <video> with its fingerprints.
struct DemoListRecord {
  std::string id;  // the record's <id>, which becomes every entry's entry_id
  bool video = false;
  std::map<std::string, std::string> fingerprints;  // signal type -> lowercase hex
};

// The document text: one <queryResult> with the image records under <images> and the video
// records under <videos>, in the order given. Ids and values must be XML-safe (hex digits,
// letters, '-'); the demo's are.
std::string ncmec_xml_list(const std::vector<DemoListRecord>& records);

}  // namespace vigil::cli
