// The CyberTipline <fileDetails> document (POST /fileinfo) for one files[] entry of a
// "vigil.report/1" JSON report, once the portal has given the report id and the file id.
//
// Children, in schema order (docs/cybertipline.md):
//   reportId, fileId          the arguments, required (non-empty)
//   fileName                  file_name
//   originalFileName          original_file_name (<= 2056 characters)
//   uploadedToEspTimestamp    uploaded_at, xs:dateTime with a zone
//   locationOfFile            location (<= 2083)
//   fileViewedByEsp           ALWAYS written: "true" only when viewed_by_person is the JSON
//                             boolean true, "false" when it is false or absent. A pure hash
//                             match must never be reported as viewed (a US appeals court
//                             suppressed evidence over that); a non-boolean is an error.
//   exifViewedByEsp           exif_viewed_by_person, when given
//   publiclyAvailable         publicly_available, when given
//   fileRelevance             relevance: "Reported" | "Supplemental Reported"
//   fileAnnotations           annotations: flags of kFileAnnotations (e.g. generativeAi,
//                             viral, potentialMeme), once each, in schema order
//   industryClassification    industry_classification: A1 | A2 | B1 | B2
//   originalFileHash*         hashes: {"md5"|"sha1"|"sha256"|"pdq": hex}, written as
//                             <originalFileHash hashType="MD5|SHA1|SHA256|PDQ">, in that
//                             order; the hex must have the type's length (32/40/64/64 digits,
//                             either case) and is written lowercase; any other key is an error
//   details type="HASH"*      one per matches[] entry that has any of the fields below, with
//                             <nameValuePair><name/><value/></nameValuePair> children in this
//                             order: matched_bank (bank), list_version, entry, signal_type,
//                             distance (non-negative integer), variant. Values are strings,
//                             or integers written in decimal.
// Unknown members are ignored; absent, null and "" mean "not given".
//
// Errors: validation_error naming the field ("files[0].relevance (fileRelevance): ...") and
// the rule or limit, never the value; an out-of-range file_index is one too. Pure function,
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace vigil::portal::cybertipline {

std::string write_file_details_xml(const nlohmann::json& report, std::size_t file_index,
                                   std::string_view report_id, std::string_view file_id);

}  // namespace vigil::portal::cybertipline
