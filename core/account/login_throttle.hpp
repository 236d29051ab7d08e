#pragma once

// Login rate limiting, in memory: failed logins are counted per account (email) and per client
// address in a sliding window; past the limit, logins for that account or from that address are
// refused for the rest of the window, whether the password would be right or not. In memory
// means per server process: several instances behind a load balancer each count their own.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/domain/time.hpp"

namespace facilitator::core {

struct LoginThrottleSettings {
  std::size_t per_account = 5;    // failures per account in the window
  std::size_t per_address = 20;   // failures per address in the window
  std::chrono::seconds window{15 * 60};
  std::size_t max_tracked = 100000;  // keys kept at most (oldest dropped), so memory stays bounded
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleSettings settings = {});
  /// Seconds to wait when the account or address is over its limit; nullopt when it may try.
  [[nodiscard]] std::optional<std::chrono::seconds> blocked(const std::string& account, const std::string& address,
                                                            Timestamp now);
  void record_failure(const std::string& account, const std::string& address, Timestamp now);
  /// A successful login clears the account's failures (not the address's).
  void record_success(const std::string& account);

 private:
  LoginThrottleSettings settings_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Timestamp>> failures_;  // "a:" + email, "i:" + address
  std::deque<std::string> order_;                                    // insertion order, for the bound
};

}  // namespace facilitator::core
