// Password hashing, random secrets and the login throttle (core/account): what protects the
// secrets, without a database.

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <set>
#include <string>
#include <thread>

#include "core/account/login_throttle.hpp"
#include "core/account/password.hpp"
#include "core/account/secret.hpp"
#include "core/domain/error.hpp"

namespace core = facilitator::core;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

/// The number after `key=` in an argon2 encoded string's parameter list.
long parameter(const std::string& encoded, const std::string& key) {
  auto at = encoded.find(key + "=");
  REQUIRE(at != std::string::npos);
  return std::stol(encoded.substr(at + key.size() + 1));
}

const core::Timestamp kNow = core::from_millis(1'767'600'000'000);  // 2026-01-05T08:00:00Z

}  // namespace

TEST_CASE("a password hash is argon2id with at least m=19456, t=2, p=1 and verifies only its password",
          "[unit][account]") {
  core::PasswordHasher hasher;
  std::string encoded = hasher.hash("korrekt hest batteri");
  CHECK(encoded.starts_with("$argon2id$v=19$"));
  CHECK(parameter(encoded, "m") >= 19456);
  CHECK(parameter(encoded, "t") >= 2);
  CHECK(parameter(encoded, "p") >= 1);
  CHECK(encoded.find("korrekt") == std::string::npos);
  CHECK(hasher.verify(encoded, "korrekt hest batteri"));
  CHECK_FALSE(hasher.verify(encoded, "korrekt hest batteri "));
  CHECK_FALSE(hasher.verify(encoded, ""));
  CHECK_FALSE(hasher.verify("", "korrekt hest batteri"));
  CHECK_FALSE(hasher.verify("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA", "korrekt hest batteri"));
  CHECK_FALSE(hasher.verify("not a hash at all", "korrekt hest batteri"));
  hasher.verify_dummy("any password");  // spends a verify, answers nothing
}

TEST_CASE("each hash of the same password has its own salt", "[unit][account]") {
  core::PasswordHasher hasher;
  std::string a = hasher.hash("samme passord her");
  std::string b = hasher.hash("samme passord her");
  CHECK(a != b);
  CHECK(hasher.verify(a, "samme passord her"));
  CHECK(hasher.verify(b, "samme passord her"));
}

TEST_CASE("settings below the minimum are raised to it", "[unit][account]") {
  core::PasswordHashSettings weak;
  weak.memory_kib = 64;
  weak.iterations = 1;
  weak.parallelism = 0;
  core::PasswordHasher hasher(weak);
  std::string encoded = hasher.hash("kort nok ikke");
  CHECK(parameter(encoded, "m") == 19456);
  CHECK(parameter(encoded, "t") == 2);
  CHECK(parameter(encoded, "p") == 1);
}

TEST_CASE("a hash that cannot get a slot within max_wait is refused as rate limited", "[unit][account]") {
  core::PasswordHashSettings settings;
  settings.iterations = 40;  // long enough for the second caller to find the only slot taken
  settings.max_concurrent = 1;
  settings.max_wait = milliseconds(1);
  core::PasswordHasher hasher(settings);
  auto first = std::async(std::launch::async, [&] { return hasher.hash("den første tar plassen"); });
  std::this_thread::sleep_for(milliseconds(150));
  try {
    (void)hasher.hash("den andre må vente");
    FAIL("the second hash ran while the first held the only slot");
  } catch (const core::RateLimited& e) {
    CHECK(e.code() == core::ErrorCode::rate_limited);
    CHECK(e.retry_after_seconds() >= 1);
    CHECK(e.retry_after_seconds() <= 10);
  }
  CHECK(hasher.verify(first.get(), "den første tar plassen"));
  // Once the slot is free again, hashing works.
  core::PasswordHashSettings quick = settings;
  quick.iterations = 2;
  core::PasswordHasher again(quick);
  CHECK_FALSE(again.hash("etterpå går det fint").empty());
}

TEST_CASE("password_problem accepts 10 to 256 bytes that are not only spaces", "[unit][account]") {
  CHECK(core::password_problem("").find("at least 10") != std::string::npos);
  CHECK_FALSE(core::password_problem("123456789").empty());
  CHECK(core::password_problem("1234567890").empty());
  CHECK(core::password_problem(std::string(256, 'x')).empty());
  CHECK(core::password_problem(std::string(257, 'x')).find("at most 256") != std::string::npos);
  CHECK_FALSE(core::password_problem(std::string(12, ' ')).empty());
  CHECK(core::password_problem("blåbærsyltetøy").empty());
}

TEST_CASE("random secrets are base64url of the requested length and never repeat", "[unit][account]") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string secret = core::random_secret(32);
    CHECK(secret.size() == 43);  // 256 bits in base64 without padding
    CHECK(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(secret);
  }
  CHECK(seen.size() == 200);
  CHECK(core::random_secret(1).size() == 2);
  CHECK(core::random_secret(2).size() == 3);
  CHECK(core::random_secret(3).size() == 4);
  CHECK(core::random_secret(15).size() == 20);
  CHECK(core::random_secret(0).empty());
}

TEST_CASE("sha256_hex matches the standard test vectors", "[unit][account]") {
  CHECK(core::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(core::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("constant_time_equal compares content and length", "[unit][account]") {
  CHECK(core::constant_time_equal("abc", "abc"));
  CHECK(core::constant_time_equal("", ""));
  CHECK_FALSE(core::constant_time_equal("abc", "abd"));
  CHECK_FALSE(core::constant_time_equal("abc", "abcd"));
}

TEST_CASE("the login throttle blocks an account after its failures, for the rest of the window", "[unit][account]") {
  core::LoginThrottleSettings settings;
  settings.per_account = 3;
  settings.per_address = 100;
  settings.window = minutes(10);
  core::LoginThrottle throttle(settings);

  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(throttle.blocked("kari@mnu.no", "10.0.0.1", kNow + minutes(i)));
    throttle.record_failure("kari@mnu.no", "10.0.0.1", kNow + minutes(i));
  }
  auto wait = throttle.blocked("kari@mnu.no", "10.0.0.9", kNow + minutes(3));
  REQUIRE(wait);
  CHECK(*wait == minutes(7));  // until the first failure leaves the window
  CHECK_FALSE(throttle.blocked("ola@mnu.no", "10.0.0.1", kNow + minutes(3)));  // others may still try

  // Past the window of the first failure, one more try is allowed.
  CHECK(throttle.blocked("kari@mnu.no", "10.0.0.1", kNow + minutes(10) - seconds(1)));
  CHECK_FALSE(throttle.blocked("kari@mnu.no", "10.0.0.1", kNow + minutes(10)));
}

TEST_CASE("the login throttle blocks an address that tries many accounts", "[unit][account]") {
  core::LoginThrottleSettings settings;
  settings.per_account = 100;
  settings.per_address = 4;
  settings.window = minutes(15);
  core::LoginThrottle throttle(settings);
  for (int i = 0; i < 4; ++i) throttle.record_failure("user" + std::to_string(i) + "@x.no", "192.0.2.7", kNow);
  auto wait = throttle.blocked("someone.new@x.no", "192.0.2.7", kNow + seconds(30));
  REQUIRE(wait);
  CHECK(*wait == minutes(15) - seconds(30));
  CHECK_FALSE(throttle.blocked("someone.new@x.no", "192.0.2.8", kNow + seconds(30)));
  CHECK_FALSE(throttle.blocked("someone.new@x.no", "192.0.2.7", kNow + minutes(15)));
}

TEST_CASE("a successful login clears the account's failures but not the address's", "[unit][account]") {
  core::LoginThrottleSettings settings;
  settings.per_account = 2;
  settings.per_address = 3;
  core::LoginThrottle throttle(settings);
  throttle.record_failure("kari@mnu.no", "10.0.0.1", kNow);
  throttle.record_failure("kari@mnu.no", "10.0.0.1", kNow);
  CHECK(throttle.blocked("kari@mnu.no", "10.0.0.2", kNow));
  throttle.record_success("kari@mnu.no");
  CHECK_FALSE(throttle.blocked("kari@mnu.no", "10.0.0.2", kNow));
  throttle.record_failure("ola@mnu.no", "10.0.0.1", kNow);
  CHECK(throttle.blocked("kari@mnu.no", "10.0.0.1", kNow));  // the address has had three
}

TEST_CASE("the login throttle keeps at most max_tracked keys", "[unit][account]") {
  core::LoginThrottleSettings settings;
  settings.per_account = 1;
  settings.max_tracked = 10;
  core::LoginThrottle throttle(settings);
  throttle.record_failure("first@x.no", "", kNow);
  CHECK(throttle.blocked("first@x.no", "", kNow));
  for (int i = 0; i < 10; ++i) throttle.record_failure("other" + std::to_string(i) + "@x.no", "", kNow);
  CHECK_FALSE(throttle.blocked("first@x.no", "", kNow));  // forgotten, to keep memory bounded
  CHECK(throttle.blocked("other9@x.no", "", kNow));
}
