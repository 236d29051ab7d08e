// The boundary for bytes and the limits on a request's head: each example of a request that once
// ended the process or answered 500 is here, on both backends. Every one must be refused with a
// 4xx problem document that quotes no invalid byte, change nothing, and leave the server answering.

#include <string>
#include <vector>

#include "core/domain/utf8.hpp"
#include "http_test_support.hpp"

using namespace facilitator::testing;
using facilitator::core::Role;

namespace {

std::string head(const std::string& method, const std::string& target, const std::string& lines = "") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + lines;
}

std::string with_body(const std::string& head_lines, const std::string& body) {
  return head_lines + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// A 4xx problem whose body is valid UTF-8 and holds none of the bytes that made the request invalid.
void check_refused(const Reply& r, int status) {
  INFO("answer " << r.status << ": " << facilitator::core::printable(r.body, 400));
  check_every_response(r);
  check_problem(r, status);
  CHECK(facilitator::core::is_valid_utf8(r.body));
  for (char bad : {'\xff', '\xc0', '\xed'}) CHECK(r.body.find(bad) == std::string::npos);
}

/// The server is still there and answers.
void check_alive(Api& api) {
  Reply health = api.get("/health");
  CHECK(health.status == 200);
}

const std::vector<std::string> kReports = {"pipeline",   "conversion", "aging",   "scorecard", "flow",
                                           "throughput", "cycle-time", "funding", "effort"};

}  // namespace

BACKEND_TEST_CASE("A header that is not UTF-8 is refused with 400 before anyone reads it, logins included",
                  "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  for (const char* path : {"/api/v1/session", "/api/v1/invitations/preview", "/api/v1/invitations/accept"}) {
    INFO(path);
    Reply r = api.raw(with_body(head("POST", path, "Content-Type: \xff\r\n"), "{}"));
    check_refused(r, 400);
    CHECK(names_error(r, "header 'Content-Type' value", "invalid_utf8"));
  }
  Reply name = api.raw(head("GET", "/health", "X-\xc0\xaf: 1\r\n") + "\r\n");
  check_refused(name, 400);
  Reply nul = api.raw(head("GET", "/health", std::string("X-Note: a\0b\r\n", 13)) + "\r\n");
  check_refused(nul, 400);
  check_alive(api);
}

BACKEND_TEST_CASE("Query names and values that are not UTF-8 are refused with 400 on every list, for every role",
                  "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t id = api.create("Bakeri")["id"].get<std::int64_t>();
  const std::string events = Api::project_path(id) + "/events";
  const std::string entrepreneur = server.identity(Role::entrepreneur).header_lines();
  const std::string admin = server.identity(Role::admin).header_lines();

  for (const char* query : {"state=%ff", "workflow=%ff", "municipality=%ff", "nace_section=%ff", "focus_area=%c0%af",
                            "q=%ff", "q=%ed%a0%80", "x%ff=1", "q=a%00b"}) {
    INFO(query);
    check_refused(api.raw(head("GET", std::string("/api/v1/projects?") + query, entrepreneur) + "\r\n"), 400);
  }
  check_refused(api.raw(head("GET", "/api/v1/companies?q=%ff", admin) + "\r\n"), 400);
  check_refused(api.raw(head("GET", events + "?x%ff=1", admin) + "\r\n"), 400);
  check_refused(api.raw(head("GET", "/api/v1/audit?kind=%ff", admin) + "\r\n"), 400);
  check_refused(api.raw(head("GET", "/api/v1/audit?x%ff=1", admin) + "\r\n"), 400);
  for (const std::string& report : kReports) {
    INFO(report);
    check_refused(api.raw(head("GET", "/api/v1/reports/" + report + "?adviser=%ff", admin) + "\r\n"), 400);
    check_refused(api.raw(head("GET", "/api/v1/reports/" + report + "?x%ff=1", admin) + "\r\n"), 400);
  }
  Reply path = api.raw(head("GET", "/api/v1/projects/%ff", entrepreneur) + "\r\n");
  check_refused(path, 400);
  CHECK(names_error(path, "path", "invalid_utf8"));
  check_alive(api);
}

BACKEND_TEST_CASE("A login whose email is cut inside a character is refused, not stored half", "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  // 253 'a' and 'ø' (two bytes): the audit log's copy of a login is cut at 254 bytes, inside 'ø'.
  const std::string email = std::string(253, 'a') + "\xc3\xb8";
  Reply r = api.raw(with_body(head("POST", "/api/v1/session", "Content-Type: application/json\r\n"),
                              json{{"email", email}, {"password", "whatever-it-is"}}.dump()));
  INFO(r.body);
  CHECK(r.status >= 400);
  CHECK(r.status < 500);
  check_alive(api);
}

BACKEND_TEST_CASE("A number beyond a double's range is 400 on every JSON route, login included", "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t id = api.create("Tall")["id"].get<std::int64_t>();
  const Snapshot before = Snapshot::of(api, id);
  Reply login = api.raw(
      with_body(head("POST", "/api/v1/session", "Content-Type: application/json\r\n"), R"({"password": 1e999})"));
  check_refused(login, 400);
  const std::string adviser = server.identity(Role::adviser).header_lines();
  for (const std::string& body : {std::string(R"({"title": -1e999})"), std::string(R"({"x": [1e400]})")}) {
    check_refused(
        api.raw(with_body(head("POST", "/api/v1/projects", adviser + "Content-Type: application/json\r\n"), body)),
        400);
    check_refused(api.raw(with_body(head("PATCH", Api::project_path(id),
                                         adviser + "Content-Type: application/json\r\nIf-Match: \"1\"\r\n"),
                                    body)),
                  400);
  }
  CHECK(Snapshot::of(api, id) == before);
}

BACKEND_TEST_CASE("Two Content-Lengths, or one with a Transfer-Encoding, are 400 and create nothing",
                  "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string adviser = server.identity(Role::adviser).header_lines();
  const std::string body = R"({"workflow":"establishment","title":"Smuglet"})";
  const std::string start = head("POST", "/api/v1/projects", adviser + "Content-Type: application/json\r\n");
  const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  check_refused(api.raw(start + length + "Content-Length: 5\r\n\r\n" + body), 400);
  check_refused(api.raw(start + length + length + "\r\n" + body), 400);
  check_refused(api.raw(start + length + "Transfer-Encoding: chunked\r\n\r\n" + body), 400);
  check_refused(api.raw(start + "Content-Length: -1\r\n\r\n" + body), 400);
  check_refused(api.raw(start + "Content-Length: 0x10\r\n\r\n" + body), 400);
  // Declared larger than the body limit: refused before a byte of it is read.
  check_refused(api.raw(start + "Content-Length: 104857600\r\n\r\n" + body), 413);
  Reply list = api.get("/api/v1/projects?q=Smuglet");
  REQUIRE(list.status == 200);
  CHECK(list.json["items"].empty());
}

BACKEND_TEST_CASE("A head with too many header lines or bytes is 431 and the connection closed", "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "X-Filler-" + std::to_string(i) + ": x\r\n";
  check_refused(api.raw(head("GET", "/health", many) + "\r\n"), 431);

  std::string large;
  for (int i = 0; i < 20; ++i) large += "X-Large-" + std::to_string(i) + ": " + std::string(4000, 'y') + "\r\n";
  check_refused(api.raw(head("GET", "/health", large) + "\r\n"), 431);

  // A request line that never ends is not read past the limit either.
  Reply endless = api.raw("GET /" + std::string(200'000, 'a'));
  CHECK(endless.status == 431);
  // Within the limits all is well.
  check_alive(api);
  CHECK(api.raw(head("GET", "/health", "X-One: 1\r\n") + "\r\n").status == 200);
}

BACKEND_TEST_CASE("A request without a length has no body, and is answered at once instead of read until it closes",
                  "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  // An empty Content-Length is invalid framing (RFC 9112, 6.3): 400, although cpp-httplib would
  // drop the empty header and read the request as one without a length.
  for (const char* method : {"PUT", "PATCH", "POST", "DELETE"}) {
    INFO(method);
    Reply r = api.raw(head(method, "/health") + "\r\n{\"a\":1}");
    CHECK(r.status == 405);
    check_refused(api.raw(head(method, "/health", "Content-Length:\r\n") + "\r\n{}"), 400);
    check_refused(api.raw(head(method, "/health", "Transfer-Encoding: \r\n") + "\r\n{}"), 400);
  }
  // Found by fuzzing: with an empty length beside a real one, the server waited for a body that
  // the client never meant to send, instead of refusing the request.
  check_refused(api.raw(head("POST", "/api/v1/session",
                             "Content-Type: application/json\r\ncontent-length:\r\nContent-Length: 487\r\n") +
                        "\r\n{\"email\":\"a@b.no\",\"password\":\"x\"}"),
                400);
  const std::string adviser = server.identity(Role::adviser).header_lines();
  Reply create = api.raw(head("POST", "/api/v1/projects", adviser + "Content-Type: application/json\r\n") +
                         "\r\n{\"workflow\":\"establishment\",\"title\":\"Uten lengde\"}");
  check_refused(create, 400);  // an empty body is not a JSON document
}

BACKEND_TEST_CASE(
    "Lines of a head ended by LF alone, a header line over 8 kB and a Range that is not UTF-8 are refused",
    "[http][boundary]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  check_refused(api.raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\n\r\n"), 400);
  check_refused(api.raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\n"), 400);
  std::string wide;
  for (int i = 0; i < 102; ++i) wide += "X-Wide-" + std::to_string(i) + ": " + std::string(10'000, 'w') + "\r\n";
  check_refused(api.raw(head("GET", "/health", wide) + "\r\n"), 431);
  Reply range = api.raw(head("GET", "/health", "Range: \xff\r\n") + "\r\n");
  check_refused(range, 400);
  CHECK(names_error(range, "header 'Range' value", "invalid_utf8"));
  check_alive(api);
}
