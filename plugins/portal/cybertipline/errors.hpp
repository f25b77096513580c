// The two errors of the CyberTipline XML layer. Both derive from std::runtime_error so the
// reporter plugin's boundary can convert them like any other failure.
//
// Messages name the offending field (JSON path and/or XML element) and the rule it broke
// (a limit, an enumeration, a format), never the value itself: report fields hold personal
// data (names, IP addresses, e-mail addresses) and messages end up in logs.
#pragma once

#include <stdexcept>

namespace vigil::portal::cybertipline {

// Our own document would be invalid (a required field is missing, a value is over its limit,
// not in its enumeration, badly formatted, or not representable in XML). Nothing was sent:
// fix the report, do not retry.
class validation_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A CyberTipline response we cannot use: too large, empty, not well-formed XML, carrying a
// DTD or entity declaration, an unexpected root element, or a non-integer responseCode.
class response_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace vigil::portal::cybertipline
