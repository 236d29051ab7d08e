#include "core/account/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "core/domain/error.hpp"

namespace facilitator::core {

namespace {

constexpr std::uint32_t kMinMemoryKib = 19456;
constexpr std::uint32_t kMinIterations = 2;
constexpr std::uint32_t kMinParallelism = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::string_view kArgon2idPrefix = "$argon2id$";

std::vector<unsigned char> random_bytes(std::size_t size) {
  std::vector<unsigned char> bytes(size);
  if (RAND_bytes(bytes.data(), static_cast<int>(size)) != 1)
    throw std::runtime_error("the system's random number generator failed");
  return bytes;
}

/// Base64 without padding, the alphabet argon2's encoded strings use.
std::string base64_unpadded(const std::vector<unsigned char>& data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (unsigned char byte : data) {
    bits = (bits << 8U) | byte;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kAlphabet[(bits >> static_cast<unsigned>(count)) & 63U];
    }
  }
  if (count > 0) out += kAlphabet[(bits << static_cast<unsigned>(6 - count)) & 63U];
  return out;
}

}  // namespace

/// One of the `max_concurrent` places to hash in, held for the length of one hash.
class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& hasher) : hasher_(hasher) {
    std::unique_lock lock(hasher_.mutex_);
    bool free = hasher_.freed_.wait_for(lock, hasher_.settings_.max_wait,
                                        [this] { return hasher_.running_ < hasher_.settings_.max_concurrent; });
    if (!free) {
      auto wait = std::chrono::ceil<std::chrono::seconds>(hasher_.settings_.max_wait).count();
      throw RateLimited("The server is busy checking other passwords. Try again in a few seconds.",
                        std::max<std::int64_t>(3, wait));
    }
    ++hasher_.running_;
  }
  ~Slot() {
    {
      std::lock_guard lock(hasher_.mutex_);
      --hasher_.running_;
    }
    hasher_.freed_.notify_one();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  PasswordHasher& hasher_;
};

PasswordHasher::PasswordHasher(PasswordHashSettings settings) : settings_(settings) {
  settings_.memory_kib = std::max(settings_.memory_kib, kMinMemoryKib);
  settings_.iterations = std::max(settings_.iterations, kMinIterations);
  settings_.parallelism = std::max(settings_.parallelism, kMinParallelism);
  settings_.max_concurrent = std::max<std::size_t>(settings_.max_concurrent, 1);
  // A well-formed hash of nothing anyone knows: verifying against it costs what a real verify
  // costs, without spending a hash at start-up to make it.
  dummy_hash_ = std::string(kArgon2idPrefix) + "v=19$m=" + std::to_string(settings_.memory_kib) +
                ",t=" + std::to_string(settings_.iterations) + ",p=" + std::to_string(settings_.parallelism) + "$" +
                base64_unpadded(random_bytes(kSaltBytes)) + "$" + base64_unpadded(random_bytes(kHashBytes));
}

std::string PasswordHasher::hash(std::string_view password) {
  std::vector<unsigned char> salt = random_bytes(kSaltBytes);
  std::size_t length = argon2_encodedlen(settings_.iterations, settings_.memory_kib, settings_.parallelism,
                                         static_cast<std::uint32_t>(salt.size()), kHashBytes, Argon2_id);
  std::string encoded(length, '\0');
  int result = 0;
  {
    Slot slot(*this);
    result = argon2id_hash_encoded(settings_.iterations, settings_.memory_kib, settings_.parallelism, password.data(),
                                   password.size(), salt.data(), salt.size(), kHashBytes, encoded.data(), length);
  }
  if (result != ARGON2_OK)
    throw std::runtime_error(std::string("password hashing failed: ") + argon2_error_message(result));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool PasswordHasher::verify(std::string_view encoded, std::string_view password) {
  if (!encoded.starts_with(kArgon2idPrefix)) return false;
  const std::string terminated(encoded);  // argon2 reads a C string
  Slot slot(*this);
  return argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void PasswordHasher::verify_dummy(std::string_view password) { (void)verify(dummy_hash_, password); }

std::string password_problem(std::string_view password) {
  constexpr std::size_t kMin = 10;
  constexpr std::size_t kMax = 256;
  if (password.size() < kMin) return "at least " + std::to_string(kMin) + " characters";
  if (password.size() > kMax) return "at most " + std::to_string(kMax) + " bytes";
  if (password.find_first_not_of(" \t") == std::string_view::npos) return "more than spaces";
  return {};
}

}  // namespace facilitator::core
