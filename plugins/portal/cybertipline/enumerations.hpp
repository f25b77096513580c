// The exact strings of the CyberTipline schema's enumerations (docs/cybertipline.md) and the
// flag elements of reportAnnotations / fileAnnotations. Comparisons are exact: no case
// folding, no trimming. Lists of flag elements are in schema order, which is also the order
// in which they are written.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace vigil::portal::cybertipline {

// incidentSummary/incidentType.
inline constexpr std::array<std::string_view, 8> kIncidentTypes = {
    "Child Pornography (possession, manufacture, and distribution)",
    "Child Sex Trafficking",
    "Child Sex Tourism",
    "Child Sexual Molestation",
    "Misleading Domain Name",
    "Misleading Words or Digital Images on the Internet",
    "Online Enticement of Children for Sexual Acts",
    "Unsolicited Obscene Material Sent to a Child",
};
inline constexpr std::string_view kDefaultIncidentType = kIncidentTypes[0];

// ipCaptureEvent/eventName.
inline constexpr std::array<std::string_view, 6> kIpEventNames = {
    "Login", "Registration", "Purchase", "Upload", "Other", "Unknown"};

// fileDetails/fileRelevance.
inline constexpr std::array<std::string_view, 2> kFileRelevances = {"Reported",
                                                                    "Supplemental Reported"};

// fileDetails/industryClassification.
inline constexpr std::array<std::string_view, 4> kIndustryClassifications = {"A1", "A2", "B1",
                                                                             "B2"};

// fileDetails/fileAnnotations children. docs/cybertipline.md names generativeAi, viral and
// potentialMeme "such as"; the full list and its order are NCMEC's schema as mirrored by
// independent public clients. Confirm at onboarding.
inline constexpr std::array<std::string_view, 10> kFileAnnotations = {
    "animeDrawingVirtualHentai",
    "potentialMeme",
    "viral",
    "possibleSelfProduction",
    "physicalHarm",
    "violenceGore",
    "bestiality",
    "liveStreaming",
    "infant",
    "generativeAi",
};

// incidentSummary/reportAnnotations children. Not listed in docs/cybertipline.md; NCMEC's
// schema as mirrored by independent public clients (its documentation example uses all six).
inline constexpr std::array<std::string_view, 6> kReportAnnotations = {
    "sextortion", "csamSolicitation",           "minorToMinorInteraction",
    "spam",       "sadisticOnlineExploitation", "informational",
};

// originalFileHash: the report JSON's key, the hashType attribute, the hex digits expected.
struct hash_type {
  std::string_view json_key;
  std::string_view xml_name;
  std::size_t hex_digits;
};
inline constexpr std::array<hash_type, 4> kHashTypes = {{
    {"md5", "MD5", 32},
    {"sha1", "SHA1", 40},
    {"sha256", "SHA256", 64},
    {"pdq", "PDQ", 64},
}};

}  // namespace vigil::portal::cybertipline
