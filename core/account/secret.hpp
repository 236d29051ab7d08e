#pragma once

// Random secrets and their hashes (OpenSSL): session ids, CSRF tokens, API tokens, invitation
// links. Secrets have 256 bits of entropy, so a fast hash (SHA-256) is the right way to store them.

#include <cstddef>
#include <string>
#include <string_view>

namespace facilitator::core {

/// `bytes` random bytes from the operating system's CSPRNG, as base64url without padding.
[[nodiscard]] std::string random_secret(std::size_t bytes = 32);
/// SHA-256 of `text` as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view text);
/// Compares without a timing difference that depends on where the texts differ.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace facilitator::core
