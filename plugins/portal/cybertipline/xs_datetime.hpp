// The xs:dateTime profile we send (incidentDateTime, ipCaptureEvent/dateTime,
// uploadedToEspTimestamp): YYYY-MM-DDThh:mm:ss, an optional fraction of one or more digits,
// and a mandatory zone, "Z" or +hh:mm / -hh:mm. Fields are range-checked: year 0001-9999,
// a real calendar day (leap years included), hour 00-23, minute and second 00-59 (no leap
// second, no 24:00:00), zone offset at most 14:00. A timestamp without a zone is refused:
// NCMEC would have to guess it.
#pragma once

#include <string_view>

namespace vigil::portal::cybertipline {

// True when `text` is a timestamp of the profile above. Pure, thread-safe.
bool is_xs_datetime(std::string_view text);

}  // namespace vigil::portal::cybertipline
