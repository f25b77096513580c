// Quoting untrusted list text inside error messages, so a hostile file cannot inject
// control characters or megabytes into a log line.
#pragma once

#include <string>
#include <string_view>

namespace vigil::bank_import {

// `text` made safe for an error message: at most 64 characters, anything but printable
// ASCII (and the backslash) written as \xNN, "..." when cut. Never use it for a value.
std::string escaped(std::string_view text);

// escaped(text) in single quotes.
std::string in_quotes(std::string_view text);

}  // namespace vigil::bank_import
