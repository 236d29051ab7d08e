#pragma once

// The crash test's HTTP side: a logged-in adviser's session and the requests it sends.

#include <cstdint>
#include <memory>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace facilitator::crash {

struct Session {
  int port = 0;
  std::string cookie;  // "name=value" of the session cookie
  std::string csrf;

  /// The headers every request of this session sends (cookie, CSRF token).
  [[nodiscard]] httplib::Headers headers() const;
};

/// Logs in with POST /api/v1/session; throws when the answer is not 201.
Session log_in(int port, const std::string& email, const std::string& password);

/// A keep-alive client with timeouts long enough for a sanitizer build on a busy machine.
std::unique_ptr<httplib::Client> connect(int port);

/// GET PATH as JSON; throws with the answer when it is not 200.
nlohmann::json get_json(httplib::Client& client, const Session& session, const std::string& path);

/// The answer's JSON body, or a discarded value when it is not JSON.
nlohmann::json body_of(const httplib::Response& res);

}  // namespace facilitator::crash
