#include "core/account/login_throttle.hpp"

#include <algorithm>

namespace facilitator::core {

namespace {

const std::string kAccountKey = "a:";
const std::string kAddressKey = "i:";

}  // namespace

LoginThrottle::LoginThrottle(LoginThrottleSettings settings) : settings_(settings) {
  settings_.per_account = std::max<std::size_t>(settings_.per_account, 1);
  settings_.per_address = std::max<std::size_t>(settings_.per_address, 1);
  settings_.max_tracked = std::max<std::size_t>(settings_.max_tracked, 2);
}

std::optional<std::chrono::seconds> LoginThrottle::blocked(const std::string& account, const std::string& address,
                                                           Timestamp now) {
  std::lock_guard lock(mutex_);
  std::optional<std::chrono::seconds> wait;
  auto check = [&](const std::string& key, std::size_t limit) {
    auto found = failures_.find(key);
    if (found == failures_.end()) return;
    std::deque<Timestamp>& times = found->second;
    while (!times.empty() && times.front() + settings_.window <= now) times.pop_front();
    if (times.size() < limit) return;
    // Allowed again once enough of the failures have left the window to go below the limit.
    Timestamp free_at = times[times.size() - limit] + settings_.window;
    auto seconds = std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(free_at - now));
    wait = wait ? std::max(*wait, seconds) : seconds;
  };
  check(kAccountKey + account, settings_.per_account);
  if (!address.empty()) check(kAddressKey + address, settings_.per_address);
  return wait;
}

void LoginThrottle::record_failure(const std::string& account, const std::string& address, Timestamp now) {
  std::lock_guard lock(mutex_);
  auto record = [&](const std::string& key, std::size_t limit) {
    auto [found, added] = failures_.try_emplace(key);
    if (added) order_.push_back(key);
    std::deque<Timestamp>& times = found->second;
    times.push_back(now);
    while (times.size() > limit) times.pop_front();  // older ones no longer decide anything
  };
  record(kAccountKey + account, settings_.per_account);
  if (!address.empty()) record(kAddressKey + address, settings_.per_address);
  // Bounded memory: past the limit, forget the keys that were added first.
  while (order_.size() > settings_.max_tracked) {
    failures_.erase(order_.front());
    order_.pop_front();
  }
}

void LoginThrottle::record_success(const std::string& account) {
  std::lock_guard lock(mutex_);
  auto found = failures_.find(kAccountKey + account);
  if (found != failures_.end()) found->second.clear();  // kept in order_, so the bound still holds
}

}  // namespace facilitator::core
