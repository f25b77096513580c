#include "file_md5.hpp"

#include <fstream>
#include <stdexcept>

#include "crypto_digests.hpp"

namespace vigil::portal {

std::optional<std::string> file_md5_hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  try {
    const auto digests = hashing::compute_digests(
        {hashing::DigestType::md5}, [&](std::span<std::uint8_t> buffer) -> std::size_t {
          in.read(reinterpret_cast<char*>(buffer.data()),
                  static_cast<std::streamsize>(buffer.size()));
          if (in.bad()) throw std::runtime_error("read error");
          return static_cast<std::size_t>(in.gcount());
        });
    return digests.at(0).hex;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace vigil::portal
