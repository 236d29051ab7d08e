#pragma once

// Password hashing with argon2id (libargon2). Each hash takes ~19 MiB and tens of milliseconds of
// one core by design, so a burst of logins could exhaust memory and CPU: at most `max_concurrent`
// hashes run at once, and a caller that cannot get a slot within `max_wait` is told to retry
// (DomainError rate_limited, see RateLimited) instead of queueing without bound.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace facilitator::core {

struct PasswordHashSettings {
  std::uint32_t memory_kib = 19456;  // OWASP's minimum for argon2id: m=19 MiB, t=2, p=1
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
  std::size_t max_concurrent = 2;  // hashes at once (the cores of a small machine)
  std::chrono::milliseconds max_wait{5000};
};

class PasswordHasher {
 public:
  /// Settings below the minimum (m 19456 KiB, t 2, p 1) are raised to it.
  explicit PasswordHasher(PasswordHashSettings settings = {});

  /// An argon2id encoded string ($argon2id$v=19$m=...,t=...,p=...$salt$hash) with a fresh salt.
  [[nodiscard]] std::string hash(std::string_view password);
  /// Whether `password` matches `encoded`; false for an encoded string that is not argon2id.
  [[nodiscard]] bool verify(std::string_view encoded, std::string_view password);
  /// Spends the same time as a verify that fails, for logins of unknown users (so that the
  /// answer's timing does not tell which emails have accounts).
  void verify_dummy(std::string_view password);

 private:
  class Slot;
  PasswordHashSettings settings_;
  std::string dummy_hash_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t running_ = 0;
};

/// What makes a password acceptable: 10 to 256 characters (bytes of UTF-8), not only spaces.
/// Returns the reason in words, or empty when it is acceptable.
[[nodiscard]] std::string password_problem(std::string_view password);

}  // namespace facilitator::core
