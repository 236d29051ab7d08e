#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

#include "http/router.hpp"
#include "http/services.hpp"

namespace facilitator::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0: any free port (tests)
  std::size_t threads = 8;               // worker threads answering requests
  std::size_t max_body_bytes = 1 << 20;  // 1 MiB: far above any JSON document we accept
  std::ostream* access_log = nullptr;    // one JSON line per request; null: none
};

/// The HTTP server: cpp-httplib configured for the API, with the routes of `build_router`,
/// problem+json for every error, security headers and an access log.
class Server {
 public:
  Server(Services& services, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket; returns the port (useful with port 0). Throws on failure.
  int bind();
  /// Serves until stop() is called. bind() first.
  void run();
  /// Stops accepting and returns from run(); safe from another thread.
  void stop();
  [[nodiscard]] bool running() const;
  [[nodiscard]] const Router& router() const noexcept { return router_; }

 private:
  void configure();

  Services& services_;
  ServerOptions options_;
  Router router_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace facilitator::http
