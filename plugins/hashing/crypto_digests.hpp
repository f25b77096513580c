// Cryptographic digests (MD5, SHA-1, SHA-256) of an upload's raw bytes, streamed: the
// bytes are read in fixed-size chunks, so a 2 GB video is hashed in constant memory, and
// all requested digests are computed in one pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace vigil::hashing {

enum class DigestType { md5, sha1, sha256 };

// "md5", "sha1", "sha256".
const char* signal_name(DigestType type);

struct Digest {
  DigestType type;
  std::string hex;  // lowercase
};

// Reads into the buffer and returns how many bytes it wrote, 0 at the end. Throws on error.
using ChunkReader = std::function<std::size_t(std::span<std::uint8_t>)>;

// Computes `types` over everything `read` yields. Throws std::runtime_error if OpenSSL
// fails.
std::vector<Digest> compute_digests(const std::vector<DigestType>& types, const ChunkReader& read);

}  // namespace vigil::hashing
