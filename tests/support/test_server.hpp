#pragma once

// A real facilitator HTTP server on a free port of 127.0.0.1, on its own thread, over a
// TestDatabase; and a small client that speaks to it through a real socket.

#include <httplib.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/service/service_set.hpp"
#include "http/server.hpp"
#include "test_database.hpp"

namespace facilitator::testing {

/// What a request returned: status, headers and the body parsed as JSON when it is JSON.
struct Reply {
  int status = 0;
  httplib::Headers headers;
  std::string body;
  nlohmann::json json;

  [[nodiscard]] std::string header(const std::string& name) const;
};

/// A signed-in caller: the session cookie and its CSRF token.
struct Identity {
  std::string email;
  std::int64_t user_id = 0;
  std::string cookie;      // "facilitator_session=..."
  std::string csrf_token;  // for X-CSRF-Token
  /// The headers that make a request this caller's.
  [[nodiscard]] httplib::Headers headers() const;
  /// The same as raw header lines, for TestServer::raw().
  [[nodiscard]] std::string header_lines() const;
};

class TestServer {
 public:
  /// The password of every user the test server creates.
  static constexpr const char* kPassword = "test-password-1234";

  /// Starts serving `database` (which must outlive the server).
  explicit TestServer(TestDatabase& database, std::size_t threads = 8);
  /// The same, with the connection layer's limits of `limits` (deadlines, caps).
  TestServer(TestDatabase& database, std::size_t threads, const http::ConnectionLimits& limits);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] const http::Server& server() const noexcept { return *server_; }

  /// A user test.ROLE@mnu.no with that role, logged in through the API; created on first use.
  /// Thread-safe, but best called before threads start (creating one hashes a password).
  const Identity& identity(core::Role role) const;
  /// identity(role).headers().
  [[nodiscard]] httplib::Headers as(core::Role role) const { return identity(role).headers(); }
  /// An entrepreneur of `project` the way a real one comes to be: an adviser adds `email` as a
  /// contact of the project and invites them, and they accept the invitation with kPassword.
  /// Throws std::runtime_error when any step is refused.
  Identity entrepreneur_of(std::int64_t project, const std::string& email) const;
  /// Logs in through the API; throws std::runtime_error when the login is refused.
  Identity login(const std::string& email, const std::string& password) const;
  [[nodiscard]] core::ServiceSet& services() const noexcept { return *service_set_; }
  /// Makes requests without credentials of their own this role's from now on (adviser at first).
  void act_as(core::Role role) { default_role_ = role; }

  /// Sends a request. `body` is sent as application/json unless `content_type` says otherwise.
  /// Requests are an adviser's (identity(Role::adviser); see act_as) unless `headers` has a Cookie or an
  /// Authorization header; one with an empty value is dropped, which sends the request anonymously.
  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                httplib::Headers headers = {}, const std::string& content_type = "application/json");
  /// Like request(), but without Catch2 assertions, so that other threads may call it (Catch2 is
  /// not thread-safe). Status 0 when the connection failed; `json` is discarded when the body is
  /// not the JSON its Content-Type claims.
  Reply send(const std::string& method, const std::string& path, const std::string& body = "",
             httplib::Headers headers = {}, const std::string& content_type = "application/json") const;
  /// Writes `bytes` unchanged to a new connection and reads the first response: for requests a
  /// client library will not send (no Content-Type, a broken request line, a chunked body).
  /// Status 0 when no response could be read. Thread-safe like send().
  Reply raw(const std::string& bytes) const;
  Reply get(const std::string& path, httplib::Headers headers = {});
  Reply post(const std::string& path, const nlohmann::json& body, httplib::Headers headers = {});
  Reply patch(const std::string& path, const nlohmann::json& body, httplib::Headers headers = {});

 private:
  core::WorkflowRegistry registry_;
  std::unique_ptr<core::ServiceSet> service_set_;
  std::unique_ptr<http::Services> services_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<core::Role> default_role_{core::Role::adviser};
  mutable std::mutex identities_mutex_;
  mutable std::map<core::Role, Identity> identities_;

  friend class TestClient;
  /// The caller's headers as request() describes: the adviser's unless told otherwise.
  [[nodiscard]] httplib::Headers with_identity(httplib::Headers headers) const;
};

/// A client on one connection that it keeps open (keep-alive): connect first, then race, without
/// the connection setup in the race. Not thread-safe: one per thread; destroy before the server.
class TestClient {
 public:
  /// Requests are identified as by TestServer::request().
  explicit TestClient(const TestServer& server);
  /// Like TestServer::send(), on this client's connection.
  Reply send(const std::string& method, const std::string& path, const std::string& body = "",
             httplib::Headers headers = {}, const std::string& content_type = "application/json");

 private:
  const TestServer& server_;
  httplib::Client client_;
};

}  // namespace facilitator::testing
