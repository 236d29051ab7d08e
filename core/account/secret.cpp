#include "core/account/secret.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace facilitator::core {

namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve((size * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    std::uint32_t n = (std::uint32_t{data[i]} << 16U) | (std::uint32_t{data[i + 1]} << 8U) | data[i + 2];
    out += kBase64Url[(n >> 18U) & 63U];
    out += kBase64Url[(n >> 12U) & 63U];
    out += kBase64Url[(n >> 6U) & 63U];
    out += kBase64Url[n & 63U];
  }
  if (size - i == 1) {
    std::uint32_t n = std::uint32_t{data[i]} << 16U;
    out += kBase64Url[(n >> 18U) & 63U];
    out += kBase64Url[(n >> 12U) & 63U];
  } else if (size - i == 2) {
    std::uint32_t n = (std::uint32_t{data[i]} << 16U) | (std::uint32_t{data[i + 1]} << 8U);
    out += kBase64Url[(n >> 18U) & 63U];
    out += kBase64Url[(n >> 12U) & 63U];
    out += kBase64Url[(n >> 6U) & 63U];
  }
  return out;
}

}  // namespace

std::string random_secret(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  // RAND_bytes takes an int; a secret is a few dozen bytes, never near that limit.
  if (bytes > 0 && RAND_bytes(buffer.data(), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("the system's random number generator failed");
  return base64url(buffer.data(), buffer.size());
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4U];
    out += kHex[digest[i] & 15U];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  // The length is no secret (every secret of a kind has the same one); the content is.
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace facilitator::core
