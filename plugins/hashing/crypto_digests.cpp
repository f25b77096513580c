#include "crypto_digests.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace vigil::hashing {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;

const EVP_MD* algorithm(DigestType type) {
  switch (type) {
    case DigestType::md5:
      return EVP_md5();
    case DigestType::sha1:
      return EVP_sha1();
    case DigestType::sha256:
      return EVP_sha256();
  }
  return nullptr;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using Context = std::unique_ptr<EVP_MD_CTX, ContextDeleter>;

std::string to_hex(const unsigned char* bytes, unsigned length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(2 * std::size_t{length}, '0');
  for (unsigned i = 0; i < length; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return hex;
}

}  // namespace

const char* signal_name(DigestType type) {
  switch (type) {
    case DigestType::md5:
      return "md5";
    case DigestType::sha1:
      return "sha1";
    case DigestType::sha256:
      return "sha256";
  }
  return "";
}

std::vector<Digest> compute_digests(const std::vector<DigestType>& types, const ChunkReader& read) {
  std::vector<Context> contexts;
  for (DigestType type : types) {
    Context context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), algorithm(type), nullptr) != 1) {
      throw std::runtime_error(std::string("OpenSSL cannot start ") + signal_name(type));
    }
    contexts.push_back(std::move(context));
  }
  std::vector<std::uint8_t> chunk(kChunkSize);
  while (std::size_t got = read(chunk)) {
    for (auto& context : contexts) {
      if (EVP_DigestUpdate(context.get(), chunk.data(), got) != 1) {
        throw std::runtime_error("OpenSSL digest update failed");
      }
    }
  }
  std::vector<Digest> digests;
  for (std::size_t i = 0; i < types.size(); ++i) {
    unsigned char value[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (EVP_DigestFinal_ex(contexts[i].get(), value, &length) != 1) {
      throw std::runtime_error("OpenSSL digest final failed");
    }
    digests.push_back({types[i], to_hex(value, length)});
  }
  return digests;
}

}  // namespace vigil::hashing
