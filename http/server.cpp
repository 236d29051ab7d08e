#include "http/server.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/domain/time.hpp"
#include "http/connection.hpp"
#include "http/problem.hpp"
#include "http/request_check.hpp"
#include "http/routes/routes.hpp"
#include "http/web.hpp"

namespace facilitator::http {

namespace {

/// When the current request started; cpp-httplib handles a request on one thread from start to log.
thread_local std::chrono::steady_clock::time_point request_started;

std::string new_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint64_t prefix = std::random_device{}();
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08llx-%06llx", static_cast<unsigned long long>(prefix & 0xffffffffULL),
                static_cast<unsigned long long>(++counter));
  return buffer;
}

/// Headers that keep browsers from doing anything with API responses but read them; over TLS,
/// also the promise to come back only over HTTPS for a year (HSTS). HSTS is never sent over plain
/// HTTP: browsers ignore it there, and it would pin a host that may not speak HTTPS at all.
void set_security_headers(httplib::Response& res, bool tls) {
  // set_header adds a line; an error response passes here twice, and should not say it all twice.
  for (const char* name : {"X-Content-Type-Options", "Cache-Control", "Content-Security-Policy", "Referrer-Policy",
                           "Strict-Transport-Security"})
    res.headers.erase(name);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  res.set_header("Referrer-Policy", "no-referrer");
  if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
}

/// The last OpenSSL error of this thread as text (empty when there is none), clearing the queue.
std::string openssl_error() {
  unsigned long code = ERR_peek_last_error();
  std::string text;
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text = buffer;
  }
  ERR_clear_error();
  return text;
}

/// An open C stream closed when it goes out of scope.
struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_for_reading(const std::string& path, const char* what) {
  File file(std::fopen(path.c_str(), "rb"));
  if (!file)
    throw std::invalid_argument(std::string("cannot read the TLS ") + what + " file " + path + ": " +
                                std::strerror(errno));
  return file;
}

/// Refuses to ask for a passphrase: OpenSSL would otherwise prompt on the terminal of a server.
int no_passphrase(char*, int, int, void*) { return -1; }

/// A cpp-httplib server, speaking TLS when the options say so, on our connection layer.
std::unique_ptr<httplib::Server> make_server(const ServerOptions& options) {
  std::size_t threads = options.threads == 0 ? 1 : options.threads;
  if (!options.tls()) return make_guarded_server(options.connection_limits, threads);
  check_tls_files(options);  // SSLServer alone only says is_valid() == false
  // This constructor loads the whole chain (SSL_CTX_use_certificate_chain_file), which a real
  // certificate needs for clients that only trust the root.
  auto server = make_guarded_server(options.connection_limits, threads, options.tls_cert_file, options.tls_key_file);
  if (!server->is_valid())
    throw std::invalid_argument("cannot use the TLS certificate " + options.tls_cert_file + " with the key " +
                                options.tls_key_file + ": " + openssl_error());
  // cpp-httplib 0.11 accepts TLS 1.1 and up; TLS 1.0 and 1.1 are deprecated (RFC 8996).
  SSL_CTX_set_min_proto_version(static_cast<httplib::SSLServer&>(*server).ssl_context(), TLS1_2_VERSION);
  return server;
}

/// cpp-httplib compresses answers with Brotli whenever the client accepts it, at Brotli's highest
/// quality: seconds for a few megabytes of JSON (a large aging report), where gzip takes tens of
/// milliseconds. So the server offers gzip only. The request is the server's own object; the
/// handler merely sees it as const.
void offer_gzip_only(const httplib::Request& req) {
  auto& headers = const_cast<httplib::Request&>(req).headers;
  auto [first, last] = headers.equal_range("Accept-Encoding");
  for (auto it = first; it != last; ++it) {
    std::string& value = it->second;
    for (std::size_t at = value.find("br"); at != std::string::npos; at = value.find("br", at))
      value.replace(at, 2, "--");  // keeps the list's shape; "--" names no encoding
  }
}

/// A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112, 6.3).
/// cpp-httplib 0.11 would instead read a POST, PUT, PATCH or DELETE without them until the client
/// closes the connection; saying the length is 0 makes it read what the standard says.
void without_length_no_body(const httplib::Request& req) {
  if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) return;
  const_cast<httplib::Request&>(req).set_header("Content-Length", "0");  // the server's own object
}

/// cpp-httplib 0.11 applies its payload limit only to bodies with a Content-Length: a chunked
/// body, or a compressed one once inflated, is read whole whatever its size. Our clients send
/// JSON with a length, so such bodies are refused here, before anything is read, and the
/// connection is closed because the unread body is still on it.
httplib::Server::HandlerResponse refuse_unbounded_body(const httplib::Request& req, httplib::Response& res) {
  auto refuse = [&res](int status, std::string detail) {
    Problem problem = problem_for_status(status);
    problem.detail = std::move(detail);
    write_problem(res, problem);
    res.status = status;
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  };
  std::string transfer = req.get_header_value("Transfer-Encoding");
  if (!transfer.empty() && transfer != "identity")
    return refuse(411, "Send the body with a Content-Length; chunked transfer encoding is not accepted.");
  std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity")
    return refuse(415, "Send the body uncompressed; Content-Encoding " + encoding + " is not accepted.");
  return httplib::Server::HandlerResponse::Unhandled;
}

}  // namespace

void check_tls_files(const ServerOptions& options) {
  if (!options.tls()) return;
  if (options.tls_cert_file.empty())
    throw std::invalid_argument("a TLS key file (" + options.tls_key_file + ") needs a certificate file too");
  if (options.tls_key_file.empty())
    throw std::invalid_argument("a TLS certificate file (" + options.tls_cert_file + ") needs a key file too");
  ERR_clear_error();

  File cert_file = open_for_reading(options.tls_cert_file, "certificate");
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_X509(cert_file.get(), nullptr, no_passphrase, nullptr),
                                                   &X509_free);
  if (!cert)
    throw std::invalid_argument("the TLS certificate file " + options.tls_cert_file +
                                " holds no PEM certificate (-----BEGIN CERTIFICATE-----): " + openssl_error());

  File key_file = open_for_reading(options.tls_key_file, "key");
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_PrivateKey(key_file.get(), nullptr, no_passphrase, nullptr), &EVP_PKEY_free);
  if (!key)
    throw std::invalid_argument("the TLS key file " + options.tls_key_file +
                                " holds no unencrypted PEM private key: " + openssl_error());

  if (X509_check_private_key(cert.get(), key.get()) != 1)
    throw std::invalid_argument("the TLS key file " + options.tls_key_file + " does not belong to the certificate in " +
                                options.tls_cert_file + ": " + openssl_error());
  ERR_clear_error();
}

Server::Server(Services& services, ServerOptions options)
    : services_(services),
      options_(std::move(options)),
      request_limits_{options_.connection_limits.max_head_lines, options_.connection_limits.max_head_bytes,
                      RequestLimits{}.max_query_parameters, options_.max_body_bytes},
      router_(build_router(services_)),
      server_(make_server(options_)) {
  configure();
}

Server::~Server() { stop(); }

void Server::configure() {
  httplib::Server& s = *server_;
  s.set_tcp_nodelay(true);  // without it, keep-alive responses wait on Nagle and throughput collapses
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_read_timeout(std::chrono::seconds(10));
  s.set_write_timeout(std::chrono::seconds(10));
  // What cpp-httplib announces in Keep-Alive; the connection layer (http/connection.*) enforces it.
  s.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(options_.connection_limits.idle_timeout).count());
  s.set_keep_alive_max_count(options_.connection_limits.max_requests_per_connection);

  const bool tls = options_.tls();
  WebOptions web{options_.web_root, options_.vendor_dir};
  s.set_pre_routing_handler(
      [tls, web, request_limits = request_limits_](const httplib::Request& req, httplib::Response& res) {
        request_started = std::chrono::steady_clock::now();
        forget_current_actor();
        offer_gzip_only(req);
        std::string incoming = req.get_header_value("X-Request-Id");
        bool usable =
            !incoming.empty() && incoming.size() <= 64 && std::all_of(incoming.begin(), incoming.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
            });
        res.set_header("X-Request-Id", usable ? incoming : new_request_id());
        set_security_headers(res, tls);
        // The boundary for bytes: nothing past this line sees a path, query or header that is not
        // clean UTF-8 within limits (http/request_check.hpp).
        if (std::optional<Problem> refused = check_request(req, request_limits)) {
          write_problem(res, *refused);
          // A refused head may leave its body unread on the connection, or frame it two ways.
          res.set_header("Connection", "close");
          return httplib::Server::HandlerResponse::Handled;
        }
        without_length_no_body(req);
        if (refuse_unbounded_body(req, res) == httplib::Server::HandlerResponse::Handled)
          return httplib::Server::HandlerResponse::Handled;
        // The web UI's files are answered here, outside the Router, whose table is the API alone.
        return serve_web(req, res, web) ? httplib::Server::HandlerResponse::Handled
                                        : httplib::Server::HandlerResponse::Unhandled;
      });

  // Both are total (noexcept): an exception escaping here would end the process.
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) noexcept {
    write_problem(res, problem_from(error));
  });

  // Every response passes here just before it is written: one that says it closes the connection
  // (a refused head, an unread body) makes the connection layer close it.
  s.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    auto [first, last] = res.headers.equal_range("Connection");
    if (std::none_of(first, last, [](const auto& header) { return header.second == "close"; })) return;
    // Said once, though both the handler and cpp-httplib (for a request that asked) may say it.
    res.headers.erase("Connection");
    res.set_header("Connection", "close");
    close_after_this_response();
  });

  // Called for every response with status >= 400, including those a handler already wrote:
  // keep those, and give the ones cpp-httplib made itself (no route, body too large) a problem body.
  // It runs outside cpp-httplib's try, so it must not throw: anything that fails becomes the
  // last-resort 500.
  httplib::Server::HandlerWithResponse error_handler = [this, tls](const httplib::Request& req,
                                                                   httplib::Response& res) noexcept {
    try {
      return answer_error(req, res, tls);
    } catch (...) {
      write_last_resort(res);
      return httplib::Server::HandlerResponse::Handled;
    }
  };
  s.set_error_handler(std::move(error_handler));

  if (options_.access_log != nullptr) {
    auto log_mutex = std::make_shared<std::mutex>();
    s.set_logger(
        [stream = options_.access_log, log_mutex](const httplib::Request& req, const httplib::Response& res) noexcept {
          try {
            double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_started).count();
            nlohmann::json line = {{"time", core::format_rfc3339(core::system_clock()())},
                                   {"request_id", res.get_header_value("X-Request-Id")},
                                   {"method", req.method},
                                   {"path", req.path},
                                   {"status", res.status},
                                   {"duration_ms", std::round(ms * 1000) / 1000},
                                   {"remote", req.remote_addr},
                                   {"actor", current_actor_id()}};
            std::lock_guard<std::mutex> lock(*log_mutex);
            *stream << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
          } catch (...) {
            // A lost log line must not become a lost connection (this runs outside cpp-httplib's try).
          }
        });
  }

  router_.install(s, services_);
}

httplib::Server::HandlerResponse Server::answer_error(const httplib::Request& req, httplib::Response& res,
                                                      bool tls) const {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", new_request_id());
  set_security_headers(res, tls);
  if (HeadProblem head = head_problem(); head != HeadProblem::none) {
    // cpp-httplib answers 400 to a head the connection layer stopped reading; say why.
    write_problem(res, problem_for(head));
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  }
  // cpp-httplib judges some headers before the boundary runs (a Range it cannot parse is 416):
  // when the head holds what the boundary refuses, that is the answer, naming the part.
  if (std::optional<Problem> refused = check_request(req, request_limits_)) {
    write_problem(res, *refused);
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (res.status == 404) {
    std::vector<std::string> allowed = router_.allowed_methods(req.path);
    if (!allowed.empty()) {
      std::string allow;
      for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
      res.set_header("Allow", allow);
      res.status = 405;
    }
  }
  write_problem(res, problem_for_status(res.status));
  return httplib::Server::HandlerResponse::Handled;
}

int Server::bind() {
  int port = options_.port == 0 ? server_->bind_to_any_port(options_.host)
                                : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port < 0)
    throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                             " (is the address in use?)");
  return port;
}

void Server::run() { server_->listen_after_bind(); }

void Server::stop() {
  if (server_) server_->stop();
}

bool Server::running() const { return server_->is_running(); }

}  // namespace facilitator::http
