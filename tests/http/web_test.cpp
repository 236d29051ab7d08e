// The web UI is served by the same server as the API: its own files with the right types and a
// strict Content-Security-Policy, Debian's JavaScript libraries from the vendor folder, and
// nothing else from that folder or outside it.

#include <filesystem>
#include <string>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

/// What every UI file carries: a type, the UI's CSP with no inline script or style, the
/// hardening headers of every response, and a cache that asks before reusing it.
void check_web_file(const Reply& r, const std::string& content_type) {
  INFO("status " << r.status << ", body " << r.body.substr(0, 200));
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == content_type);
  CHECK(r.header("Cache-Control") == "no-cache");
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK_FALSE(r.header("X-Request-Id").empty());
  CHECK(r.header("Access-Control-Allow-Origin").empty());
  std::string csp = r.header("Content-Security-Policy");
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("style-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(csp.find("unsafe-eval") == std::string::npos);
}

}  // namespace

BACKEND_TEST_CASE("The web UI is served at / with its scripts, under a strict Content-Security-Policy", "[http][web]") {
  TestDatabase db(backend);
  TestServer server(db);

  Reply page = server.send("GET", "/", "", {{"Cookie", ""}, {"Authorization", ""}});
  check_web_file(page, "text/html; charset=utf-8");
  CHECK(page.body.find("<script type=\"module\" src=\"/app/main.js\"></script>") != std::string::npos);
  CHECK(page.body.find("style=") == std::string::npos);  // the CSP would refuse inline styles
  // No inline script: every <script> element loads a file.
  for (std::size_t at = page.body.find("<script"); at != std::string::npos; at = page.body.find("<script", at + 1))
    CHECK(page.body.substr(at, page.body.find('>', at) - at).find("src=") != std::string::npos);

  check_web_file(server.send("GET", "/index.html"), "text/html; charset=utf-8");
  Reply main_js = server.send("GET", "/app/main.js");
  check_web_file(main_js, "text/javascript; charset=utf-8");
  CHECK(main_js.body.find("import") != std::string::npos);
  check_web_file(server.send("GET", "/app/app.css"), "text/css; charset=utf-8");
  check_web_file(server.send("GET", "/app/i18n/common.js"), "text/javascript; charset=utf-8");

  // HEAD answers like GET without a body.
  Reply head = server.send("HEAD", "/app/main.js");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
}

BACKEND_TEST_CASE("Every module the page preloads is served", "[http][web]") {
  TestDatabase db(backend);
  TestServer server(db);
  Reply page = server.send("GET", "/");
  REQUIRE(page.status == 200);
  const std::string marker = "<link rel=\"modulepreload\" href=\"";
  int preloads = 0;
  for (auto at = page.body.find(marker); at != std::string::npos; at = page.body.find(marker, at + 1)) {
    auto start = at + marker.size();
    std::string path = page.body.substr(start, page.body.find('"', start) - start);
    INFO(path);
    check_web_file(server.send("GET", path), "text/javascript; charset=utf-8");
    ++preloads;
  }
  CHECK(preloads >= 6);
}

BACKEND_TEST_CASE("API responses keep their own headers beside the web UI", "[http][web]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Reply r = api.get("/api/v1/workflows");  // Api checks no-store and frame-ancestors
  CHECK(r.status == 200);
  CHECK(r.header("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'");
}

BACKEND_TEST_CASE("Unknown UI files are 404 problems, and no path leaves the UI's files or the vendor allow-list",
                  "[http][web]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);  // 404s are API-style problems: no-store and the API's CSP

  check_problem(api.get("/app/no-such-file.js"), 404);
  check_problem(api.get("/nothing.html"), 404);
  check_problem(api.get("/api/v1/no-such-route"), 404);
  // A Debian library file the UI does not use is not served, although it exists.
  check_problem(api.get("/vendor/bootstrap5/js/alert.js"), 404);
  check_problem(api.get("/vendor/"), 404);

  // Paths that try to climb out, sent exactly as written (a client library would tidy them).
  for (const char* path :
       {"/vendor/../etc/passwd", "/vendor/../../../../etc/passwd", "/vendor/%2e%2e/%2e%2e/etc/passwd",
        "/vendor/bootstrap5/../../../../etc/passwd", "/app/../../../../etc/passwd",
        "/app/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc/passwd", "/app/.hidden",
        "/vendor/sortable/Sortable.min.js/../../../../../etc/passwd"}) {
    INFO(path);
    Reply r = server.raw(std::string("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK((r.status == 404 || r.status == 400));
    CHECK(r.body.find("root:") == std::string::npos);
  }

  // Writing to a UI path is no route either.
  Reply post = server.send("POST", "/app/main.js", "{}");
  CHECK(post.status >= 400);
  CHECK(post.status < 500);
}

BACKEND_TEST_CASE("The JavaScript libraries are served from Debian's packages when they are installed", "[http][web]") {
  TestDatabase db(backend);
  TestServer server(db);
  const std::filesystem::path vendor = "/usr/share/javascript";
  struct Library {
    const char* path;
    const char* type;
  };
  int served = 0;
  for (Library library : {Library{"bootstrap5/css/bootstrap.min.css", "text/css; charset=utf-8"},
                          Library{"bootstrap5/js/bootstrap.bundle.min.js", "text/javascript; charset=utf-8"},
                          Library{"chart.js/chart.min.js", "text/javascript; charset=utf-8"},
                          Library{"sortable/Sortable.min.js", "text/javascript; charset=utf-8"}}) {
    if (!std::filesystem::exists(vendor / library.path)) continue;  // libjs-* not installed here
    INFO(library.path);
    Reply r = server.send("GET", std::string("/vendor/") + library.path);
    check_web_file(r, library.type);
    CHECK(r.body.size() == std::filesystem::file_size(vendor / library.path));
    ++served;
  }
  if (served == 0) WARN("libjs-bootstrap5, libjs-chart.js and libjs-sortable are not installed; nothing to serve");
}
