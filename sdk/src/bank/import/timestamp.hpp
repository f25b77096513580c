// Record times for BankEntry::added_time: Unix seconds from the forms hash lists use.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::bank_import {

// Integers at or above this are milliseconds, not seconds (as seconds they would lie past
// the year 5000).
inline constexpr std::int64_t kFirstMillisecondTime = 100'000'000'000;

// Unix seconds from an integer time: seconds, or milliseconds from kFirstMillisecondTime
// on. nullopt for negative times.
std::optional<std::int64_t> time_from_integer(std::int64_t value) noexcept;

// Unix seconds from text: a decimal integer (as time_from_integer), or ISO-8601
// YYYY-MM-DD[(T|t| )hh:mm[:ss[.fraction]]][Z|z|(+|-)hh[[:]mm]] (no zone = UTC; the fraction
// is dropped). nullopt for anything else, impossible dates and times before 1970.
std::optional<std::int64_t> parse_timestamp(std::string_view text) noexcept;

}  // namespace vigil::bank_import
