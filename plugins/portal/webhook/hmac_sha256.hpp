// HMAC-SHA256 (RFC 2104) for signing webhook bodies: the receiver recomputes it over the
// exact body bytes with the shared secret and compares (in constant time) with the
// X-Vigil-Signature header. Pure function, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace vigil::portal {

// Lowercase hex (64 digits) of HMAC-SHA256(key, message). Throws std::runtime_error if
// OpenSSL fails.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace vigil::portal
