#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <memory>
#include <thread>

#include "core/service/service_set.hpp"
#include "core/storage/soci_store.hpp"
#include "http/cli/commands.hpp"
#include "http/server.hpp"
#include "workflows/registry.hpp"

namespace facilitator::cli {

namespace {

struct ServeOptions {
  DatabaseOption database;
  std::string listen = "127.0.0.1:8080";
  std::size_t threads = 16;  // a browser keeps ~6 idle keep-alive connections, each holding a worker up to 5 s
  std::string tls_cert;
  std::string tls_key;
  std::string vendor_dir = "/usr/share/javascript";
  std::string web_root;
};

void parse_listen(const std::string& listen, http::ServerOptions& server) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen takes HOST:PORT, e.g. 127.0.0.1:8080");
  server.host = listen.substr(0, colon);
  std::string port = listen.substr(colon + 1);
  try {
    std::size_t used = 0;
    server.port = std::stoi(port, &used);
    if (used != port.size() || server.port < 0 || server.port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    throw std::invalid_argument("--listen takes HOST:PORT with a port from 0 to 65535, not '" + listen + "'");
  }
  if (server.host.size() > 2 && server.host.front() == '[' && server.host.back() == ']')
    server.host = server.host.substr(1, server.host.size() - 2);  // [::1]:8080
}

/// The host as it goes in a URL: an IPv6 address in brackets.
std::string url_host(const std::string& host) { return host.find(':') == std::string::npos ? host : "[" + host + "]"; }

void serve(const ServeOptions& options) {
  // SIGINT/SIGTERM are taken by one thread with sigwait, so they must be blocked before any other
  // thread (the pool, the server's workers) starts and inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  http::ServerOptions server_options;
  parse_listen(options.listen, server_options);
  server_options.threads = options.threads;
  server_options.access_log = &std::cout;
  server_options.tls_cert_file = options.tls_cert;
  server_options.tls_key_file = options.tls_key;
  server_options.vendor_dir = options.vendor_dir;
  server_options.web_root = options.web_root;
  http::check_tls_files(server_options);  // before the database is opened and migrated

  auto store = core::storage::open_store(options.database.url, options.threads + 1);
  int applied = store->migrate();
  core::WorkflowRegistry registry = workflows::builtin_registry();
  core::ServiceSet service_set(*store, registry, core::system_clock());
  // Stage changes since the last report (the intervals are summarised when reports run): caught
  // up now, so that the first dashboard after a start does not wait for them. A database that
  // cannot store it now (a full disk) still serves: the reports catch up when they next run.
  try {
    if (std::int64_t caught_up = service_set.reports.bring_up_to_date(); caught_up > 0)
      std::cerr << "facilitator: stage history of " << caught_up << " projects summarised for the reports\n";
  } catch (const core::DomainError& e) {
    if (e.code() != core::ErrorCode::unavailable) throw;
    std::cerr << "facilitator: the reports' stage history was not summarised at start: " << e.what() << '\n';
  }
  http::Services services = http::services_of(*store, registry, service_set);
  http::Server server(services, server_options);
  int port = server.bind();

  std::thread signal_waiter([&server, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "facilitator: stopping (signal " << received << ")\n";
    server.stop();
  });

  std::cerr << "facilitator: database " << store->url().redacted() << " (schema version " << store->schema_version()
            << (applied > 0 ? ", migrated now" : "") << ")\n"
            << "facilitator: listening on " << server.scheme() << "://" << url_host(server_options.host) << ":" << port
            << "/\n";
  server.run();
  // run() also returns when listening fails; make sure the waiter can end either way.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand("serve", "Start the web server (migrates the database first)");
  add_database_option(*command, options->database);
  command->add_option("--listen", options->listen, "HOST:PORT to listen on")
      ->envname("FACILITATOR_LISTEN")
      ->capture_default_str();
  command->add_option("--threads", options->threads, "Worker threads answering requests")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  CLI::Option* cert = command
                          ->add_option("--tls-cert", options->tls_cert,
                                       "Serve HTTPS with this PEM certificate (then any intermediates)")
                          ->envname("FACILITATOR_TLS_CERT")
                          ->type_name("FILE");
  CLI::Option* key = command->add_option("--tls-key", options->tls_key, "The unencrypted PEM private key of --tls-cert")
                         ->envname("FACILITATOR_TLS_KEY")
                         ->type_name("FILE");
  command
      ->add_option("--vendor-dir", options->vendor_dir,
                   "Where the JavaScript libraries of the web UI are installed (Debian's libjs-bootstrap5, "
                   "libjs-chart.js, libjs-sortable)")
      ->envname("FACILITATOR_VENDOR_DIR")
      ->type_name("DIR")
      ->capture_default_str();
  command
      ->add_option("--web-root", options->web_root,
                   "Serve the web UI from this folder (http/web of a checkout) instead of the copy built in; "
                   "for working on the UI")
      ->envname("FACILITATOR_WEB_ROOT")
      ->type_name("DIR");
  cert->needs(key);
  key->needs(cert);
  command->callback([options] { serve(*options); });
}

}  // namespace facilitator::cli
