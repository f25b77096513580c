// MD5 of a file, streamed (the CyberTipline echoes the MD5 of every upload it received).
#pragma once

#include <optional>
#include <string>

namespace vigil::portal {

// Lower-case hex MD5 of the file's bytes; nullopt when it cannot be read.
std::optional<std::string> file_md5_hex(const std::string& path);

}  // namespace vigil::portal
