#pragma once

// A real facilitator HTTP server on a free port of 127.0.0.1, on its own thread, over a
// TestDatabase; and a small client that speaks to it through a real socket.

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/service/project_service.hpp"
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
  Reply get(const std::string& path, httplib::Headers headers = {});
  Reply post(const std::string& path, const nlohmann::json& body, httplib::Headers headers = {});
  Reply patch(const std::string& path, const nlohmann::json& body, httplib::Headers headers = {});

 private:
  core::WorkflowRegistry registry_;
  std::unique_ptr<core::ProjectService> projects_;
  std::unique_ptr<http::Services> services_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace facilitator::testing
