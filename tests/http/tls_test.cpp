// HTTPS served directly (--tls-cert/--tls-key): a certificate generated here, a real TLS handshake
// on a real socket, HSTS over TLS only, and files that cannot serve refused before anything listens.

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "http_test_support.hpp"
#include "workflows/registry.hpp"

using namespace facilitator;
using namespace facilitator::testing;

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

/// A fresh EC P-256 key.
Key new_key() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr),
                                                                  &EVP_PKEY_CTX_free);
  REQUIRE(ctx);
  REQUIRE(EVP_PKEY_keygen_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1) == 1);
  EVP_PKEY* key = nullptr;
  REQUIRE(EVP_PKEY_keygen(ctx.get(), &key) == 1);
  return Key(key, &EVP_PKEY_free);
}

void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(extension != nullptr);
  REQUIRE(X509_add_ext(cert, extension, -1) == 1);
  X509_EXTENSION_free(extension);
}

/// A self-signed certificate for localhost and 127.0.0.1, valid for a day.
Certificate self_signed(EVP_PKEY* key) {
  Certificate cert(X509_new(), &X509_free);
  REQUIRE(cert);
  REQUIRE(X509_set_version(cert.get(), 2) == 1);  // v3, for the extensions
  REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) == 1);
  REQUIRE(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) != nullptr);
  REQUIRE(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr);
  REQUIRE(X509_set_pubkey(cert.get(), key) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                     -1, 0) == 1);
  REQUIRE(X509_set_issuer_name(cert.get(), name) == 1);
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");  // its own trust anchor
  add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  REQUIRE(X509_sign(cert.get(), key, EVP_sha256()) > 0);
  return cert;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

/// A temporary folder holding a generated certificate and key (cert.pem, key.pem) and a second,
/// unrelated key (other-key.pem); removed with the object.
class TlsFiles {
 public:
  TlsFiles() {
    std::string pattern = (std::filesystem::temp_directory_path() / "facilitator_tls_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
    Key key = new_key();
    Certificate cert = self_signed(key.get());
    write_pem(cert_path(), [&](std::FILE* f) { return PEM_write_X509(f, cert.get()); });
    write_pem(key_path(),
              [&](std::FILE* f) { return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    Key other = new_key();
    write_pem(other_key_path(), [&](std::FILE* f) {
      return PEM_write_PrivateKey(f, other.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
  }
  ~TlsFiles() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TlsFiles(const TlsFiles&) = delete;
  TlsFiles& operator=(const TlsFiles&) = delete;

  [[nodiscard]] std::string cert_path() const { return (dir_ / "cert.pem").string(); }
  [[nodiscard]] std::string key_path() const { return (dir_ / "key.pem").string(); }
  [[nodiscard]] std::string other_key_path() const { return (dir_ / "other-key.pem").string(); }
  /// A path in the folder, for files a test writes itself.
  [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  template <typename Write>
  static void write_pem(const std::string& path, Write write) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    int written = write(f);
    REQUIRE(std::fclose(f) == 0);
    REQUIRE(written == 1);
  }

  std::filesystem::path dir_;
};

/// A facilitator server with `options` on a free port of 127.0.0.1, running on its own thread over
/// `database`: the services set up as TestServer sets them up.
class RunningServer {
 public:
  RunningServer(TestDatabase& database, http::ServerOptions options) : registry_(workflows::builtin_registry()) {
    core::Store& store = database.store();
    service_set_ = std::make_unique<core::ServiceSet>(store, registry_, core::system_clock());
    services_ = std::make_unique<http::Services>(http::services_of(store, registry_, *service_set_));
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<http::Server>(*services_, options);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(server_->running());
  }
  ~RunningServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] const http::Server& server() const noexcept { return *server_; }

 private:
  core::WorkflowRegistry registry_;
  std::unique_ptr<core::ServiceSet> service_set_;
  std::unique_ptr<http::Services> services_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

http::ServerOptions tls_options(const std::string& cert, const std::string& key) {
  http::ServerOptions options;
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  return options;
}

/// Constructing a server with these files fails, with a message naming `named`.
void check_refused(TestDatabase& db, const std::string& cert, const std::string& key, const std::string& named) {
  INFO("certificate " << cert << ", key " << key);
  CHECK_THROWS_WITH(http::check_tls_files(tls_options(cert, key)), Catch::Contains(named));
  CHECK_THROWS_WITH(RunningServer(db, tls_options(cert, key)), Catch::Contains(named));
}

}  // namespace

TEST_CASE("Over TLS the server answers HTTPS requests that verify its certificate, with HSTS", "[http][tls][sqlite]") {
  TlsFiles files;
  TestDatabase db(TestBackend::sqlite);
  RunningServer running(db, tls_options(files.cert_path(), files.key_path()));
  CHECK(running.server().tls());
  CHECK(std::string(running.server().scheme()) == "https");

  // The generated certificate is the only trust anchor: the handshake, the chain and the name
  // 127.0.0.1 (a SAN IP entry) are all checked.
  httplib::SSLClient client("127.0.0.1", running.port());
  client.set_ca_cert_path(files.cert_path().c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(std::chrono::seconds(10));

  auto health = client.Get("/health");
  INFO("error " << httplib::to_string(health.error()) << ", TLS verify result " << client.get_openssl_verify_result());
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->get_header_value("Strict-Transport-Security") == "max-age=31536000");
  CHECK(health->get_header_value("X-Content-Type-Options") == "nosniff");

  // Errors cpp-httplib answers itself (no such route) carry it too.
  auto missing = client.Get("/no-such-page");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Strict-Transport-Security") == "max-age=31536000");
}

TEST_CASE("A plain HTTP request to the TLS port is not answered with a 200", "[http][tls][sqlite]") {
  TlsFiles files;
  TestDatabase db(TestBackend::sqlite);
  RunningServer running(db, tls_options(files.cert_path(), files.key_path()));

  httplib::Client plain("127.0.0.1", running.port());
  plain.set_connection_timeout(std::chrono::seconds(5));
  plain.set_read_timeout(std::chrono::seconds(5));
  auto result = plain.Get("/health");
  if (result) CHECK(result->status != 200);

  // The server is not disturbed by it: HTTPS still works afterwards.
  httplib::SSLClient client("127.0.0.1", running.port());
  client.enable_server_certificate_verification(false);
  auto health = client.Get("/health");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("A TLS client cannot talk to the plain server, which sends no HSTS", "[http][tls][sqlite]") {
  TestDatabase db(TestBackend::sqlite);
  TestServer server(db);
  CHECK_FALSE(server.server().tls());
  CHECK(std::string(server.server().scheme()) == "http");

  Reply health = server.get("/health");
  CHECK(health.status == 200);
  CHECK(health.header("Strict-Transport-Security").empty());
  Reply missing = server.get("/no-such-page");
  CHECK(missing.status == 404);
  CHECK(missing.header("Strict-Transport-Security").empty());

  httplib::SSLClient client("127.0.0.1", server.port());
  client.enable_server_certificate_verification(false);
  client.set_read_timeout(std::chrono::seconds(5));
  auto result = client.Get("/health");
  CHECK_FALSE(result);
}

TEST_CASE("TLS certificate and key files that cannot serve are refused with an error naming the file",
          "[http][tls][sqlite]") {
  TlsFiles files;
  TestDatabase db(TestBackend::sqlite);
  const std::string cert = files.cert_path();
  const std::string key = files.key_path();
  const std::string garbage = files.path("garbage.pem");
  write_text(garbage, "this is not PEM\n");

  SECTION("a certificate file that does not exist") {
    check_refused(db, files.path("missing-cert.pem"), key, files.path("missing-cert.pem"));
  }
  SECTION("a key file that does not exist") {
    check_refused(db, cert, files.path("missing-key.pem"), files.path("missing-key.pem"));
  }
  SECTION("a certificate file that holds no certificate") { check_refused(db, garbage, key, garbage); }
  SECTION("a certificate file that holds a key") { check_refused(db, key, key, key); }
  SECTION("a key file that holds no key") { check_refused(db, cert, garbage, garbage); }
  SECTION("a key that does not belong to the certificate") {
    check_refused(db, cert, files.other_key_path(), files.other_key_path());
  }
  SECTION("a certificate without a key, and a key without a certificate") {
    check_refused(db, cert, "", cert);
    check_refused(db, "", key, key);
  }
  SECTION("both files valid: accepted") {
    CHECK_NOTHROW(http::check_tls_files(tls_options(cert, key)));
    CHECK_NOTHROW(http::check_tls_files(http::ServerOptions{}));
  }
}
