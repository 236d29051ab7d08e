#pragma once

// A real facilitator HTTP server on a free port of 127.0.0.1, on its own thread, over a
// TestDatabase; and a small client that speaks to it through a real socket.

#include <httplib.h>

#include <memory>
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

class TestServer {
 public:
  /// Starts serving `database` (which must outlive the server).
  explicit TestServer(TestDatabase& database, std::size_t threads = 8);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] const http::Server& server() const noexcept { return *server_; }

  /// Sends a request. `body` is sent as application/json unless `content_type` says otherwise;
  /// an X-Actor header is added for writes unless `headers` has one.
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
};

/// A client on one connection that it keeps open (keep-alive): connect first, then race, without
/// the connection setup in the race. Not thread-safe: one per thread; destroy before the server.
class TestClient {
 public:
  explicit TestClient(const TestServer& server);
  /// Like TestServer::send(), on this client's connection.
  Reply send(const std::string& method, const std::string& path, const std::string& body = "",
             httplib::Headers headers = {}, const std::string& content_type = "application/json");

 private:
  httplib::Client client_;
};

}  // namespace facilitator::testing
