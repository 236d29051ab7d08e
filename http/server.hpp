#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

#include "http/connection.hpp"
#include "http/request_check.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace facilitator::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0: any free port (tests)
  std::size_t threads = 16;              // worker threads answering requests
  std::size_t max_body_bytes = 1 << 20;  // 1 MiB: far above any JSON document we accept
  std::ostream* access_log = nullptr;    // one JSON line per request; null: none
  // HTTPS: both or neither. The certificate file is PEM, the server's certificate first and then
  // any intermediates (a "fullchain"); the key file is an unencrypted PEM private key.
  std::string tls_cert_file;
  std::string tls_key_file;
  // The web UI (see http/web.hpp): a folder to read its files from instead of the compiled-in
  // copy (development; empty: compiled in), and where Debian installs the JavaScript libraries.
  std::string web_root;
  std::string vendor_dir = "/usr/share/javascript";
  // Deadlines, head limits and the connection cap (http/connection.hpp).
  ConnectionLimits connection_limits;

  /// Whether TLS was asked for (either file named); check_tls_files() insists on both.
  [[nodiscard]] bool tls() const noexcept { return !tls_cert_file.empty() || !tls_key_file.empty(); }
};

/// Checks the TLS files of `options` before any socket is opened: both named, each readable, a PEM
/// certificate and a PEM private key that belong together. Throws std::invalid_argument naming the
/// file at fault. Does nothing without TLS.
void check_tls_files(const ServerOptions& options);

/// The HTTP server: cpp-httplib configured for the API, with the routes of `build_router`,
/// problem+json for every error, security headers and an access log; HTTPS when the options name
/// a certificate and a key.
class Server {
 public:
  Server(Services& services, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Whether this server speaks HTTPS (TLS), so that cookies it sets may be marked Secure. A
  /// handler can also tell from the request: cpp-httplib sets `req.ssl` on TLS connections only.
  [[nodiscard]] bool tls() const noexcept { return options_.tls(); }
  /// "https" or "http", for the URLs the server announces.
  [[nodiscard]] const char* scheme() const noexcept { return tls() ? "https" : "http"; }

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
  /// cpp-httplib's error handler: a problem body for the error answers it made itself.
  httplib::Server::HandlerResponse answer_error(const httplib::Request& req, httplib::Response& res, bool tls) const;

  Services& services_;
  ServerOptions options_;
  RequestLimits request_limits_;
  Router router_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace facilitator::http
