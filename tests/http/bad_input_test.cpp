// Bad input over HTTP: every mistake a client can make gets a 4xx application/problem+json a person
// can act on, never a 5xx, and changes nothing (each group ends by reading everything back).

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

/// A request as bytes, for what a client library would not send (no Content-Type, no credentials, chunks).
std::string raw_request(const std::string& method, const std::string& path, const std::vector<std::string>& headers,
                        const std::string& body) {
  std::string text = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) text += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH")
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return text + "\r\n" + body;
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
}

std::string nested_objects(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  for (int i = 0; i < depth; ++i) text += "}";
  return text;
}

/// A project with an adviser (version 2) and one draft funding application (version 1).
struct Fixture {
  std::int64_t id;
  std::string path;
  std::string funding_path;
};

Fixture make_fixture(Api& api) {
  const std::int64_t id = api.create("Verksted")["id"].get<std::int64_t>();
  api.update(id, 1, {{"adviser", "kari@mnu.no"}});
  Reply funding =
      api.post(Api::project_path(id) + "/funding-applications", {{"source", "bank"}, {"amount_applied", 1000}});
  REQUIRE(funding.status == 201);
  return {id, Api::project_path(id),
          Api::project_path(id) + "/funding-applications/" + std::to_string(funding.json["id"].get<std::int64_t>())};
}

}  // namespace

BACKEND_TEST_CASE(
    "Malformed, mistyped, unknown or read-only JSON is refused with a problem naming the field and changes nothing",
    "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);
  const Snapshot before = Snapshot::of(api, f.id);
  const std::int64_t projects = api.project_total();
  const httplib::Headers at2{{"If-Match", "\"2\""}};
  const httplib::Headers at1{{"If-Match", "\"1\""}};
  const json base{{"workflow", "establishment"}, {"title", "Nytt prosjekt"}};
  auto with = [&](json extra) {
    json body = base;
    body.update(extra);
    return body;
  };

  // Not JSON, or not a JSON object, on every route that reads a body.
  const std::vector<std::pair<std::string, std::string>> writes{{"POST", "/api/v1/projects"},
                                                                {"PATCH", f.path},
                                                                {"POST", f.path + "/transitions"},
                                                                {"POST", f.path + "/funding-applications"},
                                                                {"PATCH", f.funding_path}};
  for (const auto& [method, path] : writes) {
    for (const std::string body :
         {"{", "{\"title\": }", "", "{\"title\": \"x\"} trailing", "{'title': 'x'}", "{\"title\": \"\xff\xfe\"}"}) {
      INFO(method << " " << path << " with " << body);
      Reply r = api.request(method, path, body, at2);
      check_problem(r, 400);
      CHECK(r.json["type"] == "urn:facilitator:problem:invalid-input");
      CHECK(r.json["detail"].get<std::string>().find("not valid JSON") != std::string::npos);
    }
    for (const std::string body : {"[]", "[{\"title\": \"x\"}]", "\"text\"", "42", "null", "true"}) {
      INFO(method << " " << path << " with " << body);
      Reply r = api.request(method, path, body, at2);
      check_problem(r, 400);
      CHECK(r.json["detail"] == "The body must be a JSON object.");
    }
    // Deep nesting is refused while parsing, wherever it appears.
    for (const std::string& body : {"{\"title\": " + nested(100) + "}", nested_objects(100), nested(100000)}) {
      INFO(method << " " << path << " with nesting of " << body.size() << " bytes");
      Reply r = api.request(method, path, body, at2);
      check_problem(r, 400);
      CHECK(r.json["detail"] == "The JSON body is nested too deeply.");
    }
  }

  // Creating a project: wrong types, unknown and read-only fields, invalid values.
  struct Case {
    json body;
    std::string field;
    std::string code;
  };
  const std::vector<Case> create_cases{
      {with({{"title", 5}}), "title", "wrong_type"},
      {with({{"title", nullptr}}), "title", "wrong_type"},
      {with({{"title", "   "}}), "title", "required"},
      {with({{"title", std::string(201, 'x')}}), "title", "too_long"},
      {{{"workflow", "establishment"}}, "title", "required"},
      {{{"title", "x"}}, "workflow", "required"},
      {with({{"workflow", "spaceflight"}}), "workflow", "unknown"},
      {with({{"workflow", 1}}), "workflow", "wrong_type"},
      {with({{"business_plan_complete", "yes"}}), "business_plan_complete", "wrong_type"},
      {with({{"self_financed", 1}}), "self_financed", "wrong_type"},
      {with({{"adviser", 7}}), "adviser", "wrong_type"},
      {with({{"adviser", {{"name", "x"}}}}), "adviser", "wrong_type"},
      {with({{"colour", "red"}}), "colour", "unknown_field"},
      {with({{"Title", "x"}}), "Title", "unknown_field"},
      {with({{"state", "funding"}}), "state", "read_only"},
      {with({{"version", 7}}), "version", "read_only"},
      {with({{"id", 99}}), "id", "read_only"},
      {with({{"created_by", "someone"}}), "created_by", "read_only"},
      {with({{"parked_from", "idea"}}), "parked_from", "read_only"},
      {with({{"organisation_number", "923609017"}}), "organisation_number", "invalid"},
      {with({{"organisation_number", "92360901"}}), "organisation_number", "invalid"},
      {with({{"organisation_number", "92360901X"}}), "organisation_number", "invalid"},
      {with({{"municipality", "Moss"}}), "municipality", "invalid"},
      {with({{"registration_date", "2026-02-30"}}), "registration_date", "invalid_date"},
      {with({{"registration_date", "15.03.2026"}}), "registration_date", "invalid_date"},
  };
  for (const auto& c : create_cases) {
    INFO("POST /api/v1/projects " << c.body.dump());
    check_invalid(api.post("/api/v1/projects", c.body), c.field, c.code);
  }
  // Every problem of a request is reported at once.
  Reply many =
      api.post("/api/v1/projects",
               with({{"title", 5}, {"colour", 1}, {"business_plan_complete", "yes"}, {"organisation_number", "123"}}));
  check_invalid(many, "title", "wrong_type");
  CHECK(names_error(many, "colour", "unknown_field"));
  CHECK(names_error(many, "business_plan_complete", "wrong_type"));
  Reply org = api.post("/api/v1/projects", with({{"organisation_number", "923609017"}}));
  CHECK(org.json["errors"][0]["message"].get<std::string>().find("organisation number") != std::string::npos);
  CHECK(api.project_total() == projects);

  // Editing a project.
  const std::vector<Case> patch_cases{
      {{{"title", 5}}, "title", "wrong_type"},
      {{{"title", nullptr}}, "title", "wrong_type"},
      {{{"business_plan_complete", "yes"}}, "business_plan_complete", "wrong_type"},
      {{{"business_plan_complete", nullptr}}, "business_plan_complete", "wrong_type"},
      {{{"adviser", false}}, "adviser", "wrong_type"},
      {{{"colour", "red"}}, "colour", "unknown_field"},
      {{{"state", "completed"}}, "state", "read_only"},
      {{{"version", 3}}, "version", "read_only"},
      {{{"workflow", "establishment"}}, "workflow", "read_only"},
      {{{"updated_at", "2026-01-01T00:00:00.000Z"}}, "updated_at", "read_only"},
      {{{"available_events", json::array()}}, "available_events", "read_only"},
      {{{"organisation_number", "923609017"}}, "organisation_number", "invalid"},
      {{{"municipality", "31030"}}, "municipality", "invalid"},
      {{{"result_summary", std::string(20001, 'r')}}, "result_summary", "too_long"},
      // a valid change together with a bad one: nothing at all is applied
      {{{"focus_area", "food"}, {"state", "funding"}}, "state", "read_only"},
      {{{"focus_area", "food"}, {"organisation_number", "1"}}, "organisation_number", "invalid"},
  };
  for (const auto& c : patch_cases) {
    INFO("PATCH " << f.path << " " << c.body.dump());
    check_invalid(api.patch(f.path, c.body, at2), c.field, c.code);
  }

  // Funding applications: amounts are whole NOK.
  const json funding_base{{"source", "innovasjon_norge"}, {"amount_applied", 1000}};
  auto funding_with = [&](json extra) {
    json body = funding_base;
    body.update(extra);
    return body;
  };
  const std::vector<Case> funding_cases{
      {funding_with({{"amount_applied", 1.5}}), "amount_applied", "wrong_type"},
      {funding_with({{"amount_applied", "100"}}), "amount_applied", "wrong_type"},
      {funding_with({{"amount_applied", nullptr}}), "amount_applied", "wrong_type"},
      {funding_with({{"amount_applied", 1e3}}), "amount_applied", "wrong_type"},
      {funding_with({{"amount_applied", -5}}), "amount_applied", "negative"},
      {funding_with({{"amount_applied", 10000000000000LL}}), "amount_applied", "too_large"},
      {{{"amount_applied", 1000}}, "source", "required"},
      {{{"source", "bank"}}, "amount_applied", "required"},
      {funding_with({{"source", 3}}), "source", "wrong_type"},
      {funding_with({{"status", "maybe"}}), "status", "invalid"},
      {funding_with({{"status", "granted"}}), "amount_granted", "required"},
      {funding_with({{"amount_granted", 500}}), "amount_granted", "not_granted"},
      {funding_with({{"status", "granted"}, {"amount_granted", "500"}}), "amount_granted", "wrong_type"},
      {funding_with({{"decision_date", "tomorrow"}}), "decision_date", "invalid_date"},
      {funding_with({{"currency", "EUR"}}), "currency", "unknown_field"},
      {funding_with({{"version", 1}}), "version", "read_only"},
      {funding_with({{"project_id", 1}}), "project_id", "read_only"},
  };
  for (const auto& c : funding_cases) {
    INFO("POST funding " << c.body.dump());
    check_invalid(api.post(f.path + "/funding-applications", c.body), c.field, c.code);
  }
  const std::vector<Case> funding_patch_cases{
      {{{"amount_applied", "100"}}, "amount_applied", "wrong_type"},
      {{{"amount_applied", 2.5}}, "amount_applied", "wrong_type"},
      {{{"status", "granted"}}, "amount_granted", "required"},
      {{{"status", "granted"}, {"amount_granted", -1}}, "amount_granted", "negative"},
      {{{"version", 2}}, "version", "read_only"},
      {{{"id", 2}}, "id", "read_only"},
      {{{"source", ""}}, "source", "required"},
  };
  for (const auto& c : funding_patch_cases) {
    INFO("PATCH funding " << c.body.dump());
    check_invalid(api.patch(f.funding_path, c.body, at1), c.field, c.code);
  }

  // Transitions.
  const std::vector<Case> transition_cases{
      {json::object(), "event", "required"},
      {{{"event", 5}}, "event", "wrong_type"},
      {{{"event", nullptr}}, "event", "wrong_type"},
      {{{"event", "park"}, {"note", 5}}, "note", "wrong_type"},
      {{{"event", "close"}, {"note", "x"}, {"reason", {"withdrawn"}}}, "reason", "wrong_type"},
      {{{"event", "park"}, {"note", "x"}, {"visibility", "secret"}}, "visibility", "invalid"},
      {{{"event", "park"}, {"note", "x"}, {"expected_version", "2"}}, "expected_version", "wrong_type"},
      {{{"event", "park"}, {"note", "x"}, {"expected_version", 2.0}}, "expected_version", "wrong_type"},
      {{{"event", "park"}, {"note", "x"}, {"to", "completed"}}, "to", "unknown_field"},
      {{{"event", "park"}, {"note", "x"}, {"state", "completed"}}, "state", "unknown_field"},
  };
  for (const auto& c : transition_cases) {
    INFO("POST transitions " << c.body.dump());
    check_invalid(api.post(f.path + "/transitions", c.body, at2), c.field, c.code);
  }

  CHECK(Snapshot::of(api, f.id) == before);
  CHECK(api.project_total() == projects);
}

BACKEND_TEST_CASE("Addresses that name nothing answer 404 with a problem", "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);
  const Snapshot before = Snapshot::of(api, f.id);

  for (const std::string id : {"abc", "0", "-1", "999999", "99999999999999999999", "1.5", "1e3", "%20", "0x1", "+1"}) {
    const std::string path = "/api/v1/projects/" + id;
    INFO(path);
    check_problem(api.get(path), 404);
    check_problem(api.get(path + "/events"), 404);
    check_problem(api.get(path + "/funding-applications"), 404);
    check_problem(api.patch(path, {{"title", "x"}}, {{"If-Match", "\"1\""}}), 404);
    check_problem(api.post(path + "/transitions", {{"event", "park"}, {"note", "x"}}, {{"If-Match", "\"1\""}}), 404);
    check_problem(api.post(path + "/funding-applications", {{"source", "other"}, {"amount_applied", 1}}), 404);
  }
  for (const std::string id : {"abc", "0", "-7", "999999"}) {
    const std::string path = f.path + "/funding-applications/" + id;
    INFO(path);
    check_problem(api.get(path), 404);
    check_problem(api.patch(path, {{"source", "other"}}, {{"If-Match", "\"1\""}}), 404);
  }
  // A funding application is only found through its own project.
  const std::int64_t other = api.create("Annet")["id"].get<std::int64_t>();
  const std::string foreign = Api::project_path(other) + f.funding_path.substr(f.path.size());
  check_problem(api.get(foreign), 404);
  check_problem(api.patch(foreign, {{"source", "other"}}, {{"If-Match", "\"1\""}}), 404);

  // "/" is the web UI (tests/http/web_test.cpp); nothing else outside its files is served.
  for (const std::string path : {"/index.htm", "/api", "/api/v1", "/api/v1/", "/api/v1/nothing", "/api/v2/projects",
                                 "/api/v1/projects/", "/api/v1/projects/1/unknown", "/api/v1/projects/1/events/1",
                                 "/api/v1/workflows/establishment/states", "/healthz", "/API/V1/PROJECTS"}) {
    INFO(path);
    Reply r = api.get(path);
    check_problem(r, 404);
    CHECK(r.json["type"] == "urn:facilitator:problem:not-found");
  }
  Reply workflow = api.get("/api/v1/workflows/spaceflight");
  check_problem(workflow, 404);
  CHECK(api.post("/api/v1/nothing", {{"a", 1}}).status == 404);

  CHECK(Snapshot::of(api, f.id) == before);
}

BACKEND_TEST_CASE("Oversized bodies, other media types and unsupported methods get 413, 415 and 405 with a problem",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);
  const Snapshot before = Snapshot::of(api, f.id);
  const std::int64_t projects = api.project_total();
  const std::string create = json{{"workflow", "establishment"}, {"title", "x"}}.dump();

  // More than 1 MiB is refused before it is read into a document.
  const std::string huge =
      json{{"workflow", "establishment"}, {"title", "x"}, {"result_summary", std::string((1 << 20) + 10, 'a')}}.dump();
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/api/v1/projects"}, {"PATCH", f.path}, {"POST", f.path + "/transitions"}}) {
    INFO(method << " " << path);
    Reply r = api.request(method, path, huge, {{"If-Match", "\"2\""}});
    check_problem(r, 413);
    CHECK(r.json["type"] == "urn:facilitator:problem:payload-too-large");
  }

  // Only JSON is accepted (merge-patch too, for PATCH).
  for (const std::string type :
       {"text/plain", "application/xml", "application/x-www-form-urlencoded", "application/jsonx", "json"}) {
    INFO(type);
    Reply r = api.request("POST", "/api/v1/projects", create, {}, type);
    check_problem(r, 415);
    CHECK(r.json["type"] == "urn:facilitator:problem:unsupported-media-type");
    CHECK(api.request("PATCH", f.path, json{{"title", "y"}}.dump(), {{"If-Match", "\"2\""}}, type).status == 415);
    CHECK(api.request("POST", f.path + "/transitions", json{{"event", "start_screening"}}.dump(),
                      {{"If-Match", "\"2\""}}, type)
              .status == 415);
  }
  check_problem(api.request("POST", "/api/v1/projects", create, {}, "application/merge-patch+json"), 415);
  // cpp-httplib reads multipart bodies itself before any handler runs and refuses this one as unreadable.
  Reply multipart = api.request("POST", "/api/v1/projects", create, {}, "multipart/form-data; boundary=x");
  CHECK((multipart.status == 400 || multipart.status == 415));
  check_problem(multipart, multipart.status);
  const Identity& adviser = server.identity(facilitator::core::Role::adviser);
  const std::string cookie = "Cookie: " + adviser.cookie, csrf = "X-CSRF-Token: " + adviser.csrf_token;
  Reply no_type = api.raw(raw_request("POST", "/api/v1/projects", {cookie, csrf}, create));
  check_problem(no_type, 415);
  CHECK(no_type.json["detail"].get<std::string>().find("Content-Type") != std::string::npos);
  check_problem(api.raw(raw_request("PATCH", f.path, {cookie, csrf, "If-Match: \"2\""}, "{\"title\":\"y\"}")), 415);

  // Methods a resource does not support: 405 and what it does support.
  struct MethodCase {
    std::string method;
    std::string path;
    std::vector<std::string> allow;
  };
  const std::vector<MethodCase> method_cases{
      {"DELETE", f.path, {"GET", "PATCH"}},
      {"PUT", f.path, {"GET", "PATCH"}},
      {"POST", f.path, {"GET", "PATCH"}},
      {"DELETE", "/api/v1/projects", {"GET", "POST"}},
      {"PATCH", "/api/v1/projects", {"GET", "POST"}},
      {"GET", f.path + "/transitions", {"POST"}},
      {"DELETE", f.funding_path, {"GET", "PATCH"}},
      {"PUT", "/health", {"GET"}},
      {"OPTIONS", "/api/v1/workflows", {"GET"}},
  };
  for (const auto& c : method_cases) {
    INFO(c.method << " " << c.path);
    Reply r = api.request(c.method, c.path, c.method == "GET" ? "" : "{}", {{"If-Match", "\"2\""}});
    check_problem(r, 405);
    CHECK(r.json["type"] == "urn:facilitator:problem:method-not-allowed");
    std::string allow = r.header("Allow");
    std::vector<std::string> methods;
    for (std::size_t start = 0; start < allow.size();) {
      std::size_t end = allow.find(',', start);
      std::string m = allow.substr(start, end == std::string::npos ? std::string::npos : end - start);
      m.erase(0, m.find_first_not_of(' '));
      methods.push_back(m);
      start = end == std::string::npos ? allow.size() : end + 1;
    }
    std::sort(methods.begin(), methods.end());
    CHECK(methods == c.allow);
  }

  // A request line that is not HTTP.
  Reply garbage = api.raw("NONSENSE\r\n\r\n");
  check_problem(garbage, 400);
  Reply bad_version = api.raw("GET /health HTTP/9.9 extra\r\n\r\n");
  CHECK(bad_version.status == 400);

  CHECK(Snapshot::of(api, f.id) == before);
  CHECK(api.project_total() == projects);
}

BACKEND_TEST_CASE("Writes need the version the client read: 428 without it, 409 when stale, 400 when malformed",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);
  const Snapshot before = Snapshot::of(api, f.id);
  const json park{{"event", "park"}, {"note", "Pause"}};

  Reply r = api.patch(f.path, {{"title", "Nytt navn"}});
  check_problem(r, 428);
  CHECK(r.json["type"] == "urn:facilitator:problem:precondition-required");
  CHECK(r.json["detail"].get<std::string>().find("If-Match") != std::string::npos);
  check_problem(api.post(f.path + "/transitions", park), 428);
  check_problem(api.patch(f.funding_path, {{"source", "regional_fund"}}), 428);

  // Stale: the body says what is current, so the client can refresh.
  for (const std::string stale : {"\"1\"", "\"3\"", "W/\"1\""}) {
    INFO(stale);
    r = api.patch(f.path, {{"title", "Nytt navn"}}, {{"If-Match", stale}});
    check_problem(r, 409);
    CHECK(r.json["type"] == "urn:facilitator:problem:version-conflict");
    CHECK(r.json["current_state"] == "idea");
    CHECK(r.json["current_version"] == 2);
    r = api.post(f.path + "/transitions", park, {{"If-Match", stale}});
    check_problem(r, 409);
    CHECK(r.json["current_state"] == "idea");
    CHECK(r.json["current_version"] == 2);
  }
  // Stale wins over anything else wrong with the request (DESIGN 3.1: "whatever it asked").
  r = api.post(f.path + "/transitions", {{"event", "complete"}}, {{"If-Match", "\"1\""}});
  check_problem(r, 409);
  r = api.post(f.path + "/transitions", {{"event", "park"}, {"note", "x"}, {"expected_version", 1}});
  check_problem(r, 409);
  CHECK(r.json["current_version"] == 2);
  r = api.patch(f.funding_path, {{"source", "regional_fund"}}, {{"If-Match", "\"2\""}});
  check_problem(r, 409);
  CHECK(r.json["current_version"] == 1);

  // If-Match and expected_version must agree when both are sent.
  r = api.post(f.path + "/transitions", {{"event", "park"}, {"note", "x"}, {"expected_version", 1}},
               {{"If-Match", "\"2\""}});
  check_invalid(r, "expected_version", "mismatch");

  for (std::int64_t bad : std::initializer_list<std::int64_t>{0, -1, -9223372036854775807}) {
    INFO("expected_version " << bad);
    check_invalid(api.post(f.path + "/transitions", {{"event", "park"}, {"note", "x"}, {"expected_version", bad}}),
                  "expected_version", "invalid");
  }

  // If-Match must be one ETag this API issued.
  for (const std::string bad :
       {"abc", "\"abc\"", "\"0\"", "\"-1\"", "*", "\"1\", \"2\"", "\"\"", "\"2", "2.0", "\"99999999999999999999\""}) {
    INFO("If-Match: " << bad);
    check_invalid(api.patch(f.path, {{"title", "Nytt navn"}}, {{"If-Match", bad}}), "If-Match", "invalid");
    check_invalid(api.post(f.path + "/transitions", park, {{"If-Match", bad}}), "If-Match", "invalid");
    check_invalid(api.patch(f.funding_path, {{"source", "regional_fund"}}, {{"If-Match", bad}}), "If-Match", "invalid");
  }

  CHECK(Snapshot::of(api, f.id) == before);

  // The version in the body alone is enough for a transition; a PATCH with nothing new writes nothing.
  r = api.post(f.path + "/transitions", {{"event", "start_screening"}, {"expected_version", 2}});
  CHECK(r.status == 200);
  CHECK(r.json["version"] == 3);
  r = api.patch(f.path, json::object(), {{"If-Match", "\"3\""}});
  CHECK(r.status == 200);
  CHECK(r.json["version"] == 3);
  CHECK(api.events(f.id)["total"] == 3);
}

BACKEND_TEST_CASE("Query parameters are strict: unknown names, limits out of range and foreign cursors are 400",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);

  struct Case {
    std::string path;
    std::string field;
    std::string code;
  };
  const std::vector<Case> cases{
      {"/api/v1/projects?foo=1", "foo", "unknown_parameter"},
      {"/api/v1/projects?Limit=1", "Limit", "unknown_parameter"},
      {"/api/v1/projects?limit=1&limit=2", "limit", "repeated"},
      {"/api/v1/projects?limit=0", "limit", "out_of_range"},
      {"/api/v1/projects?limit=-1", "limit", "out_of_range"},
      {"/api/v1/projects?limit=501", "limit", "out_of_range"},
      {"/api/v1/projects?limit=99999999999999999999", "limit", "wrong_type"},
      {"/api/v1/projects?limit=abc", "limit", "wrong_type"},
      {"/api/v1/projects?limit=1.5", "limit", "wrong_type"},
      {"/api/v1/projects?limit=", "limit", "wrong_type"},
      {"/api/v1/projects?limit=%201", "limit", "wrong_type"},
      {"/api/v1/projects?cursor=abc", "cursor", "invalid"},
      {"/api/v1/projects?cursor=", "cursor", "invalid"},
      {"/api/v1/projects?cursor=projects.", "cursor", "invalid"},
      {"/api/v1/projects?cursor=projects.-1", "cursor", "invalid"},
      {"/api/v1/projects?cursor=projects.x", "cursor", "invalid"},
      {"/api/v1/projects?cursor=events.1", "cursor", "invalid"},
      {"/api/v1/projects?cursor=projects.99999999999999999999", "cursor", "invalid"},
      {"/api/v1/projects?workflow=spaceflight", "workflow", "unknown"},
      {"/api/v1/projects?state=establshed", "state", "unknown"},
      {"/api/v1/projects?workflow=establishment&state=Idea", "state", "unknown"},
      {f.path + "?verbose=1", "verbose", "unknown_parameter"},
      {f.path + "/events?foo=1", "foo", "unknown_parameter"},
      {f.path + "/events?limit=0", "limit", "out_of_range"},
      {f.path + "/events?limit=501", "limit", "out_of_range"},
      {f.path + "/events?cursor=projects.1", "cursor", "invalid"},
      {f.path + "/events?cursor=events.x", "cursor", "invalid"},
      {f.funding_path + "?x=1", "x", "unknown_parameter"},
      {"/api/v1/workflows?x=1", "x", "unknown_parameter"},
      {"/api/v1/workflows/establishment?lang=nb", "lang", "unknown_parameter"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    check_invalid(api.get(c.path), c.field, c.code);
  }
  CHECK(api.get("/api/v1/projects?limit=500").status == 200);
  CHECK(api.get("/api/v1/projects?workflow=establishment&state=idea").json["total"] == 1);
  CHECK(api.get("/api/v1/projects?limit=1").status == 200);
  CHECK(api.get(f.path + "/events?limit=500&cursor=events.0").status == 200);
}

BACKEND_TEST_CASE("Requests without valid credentials are refused with 401 and change nothing", "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);
  const Snapshot before = Snapshot::of(api, f.id);
  const std::int64_t projects = api.project_total();
  const std::string create = json{{"workflow", "establishment"}, {"title", "x"}}.dump();

  // Neither a session cookie nor a token: reads and writes alike.
  for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"POST", "/api/v1/projects", create},
           {"GET", "/api/v1/projects", ""},
           {"GET", f.path, ""},
           {"PATCH", f.path, "{\"title\":\"y\"}"},
           {"POST", f.path + "/transitions", "{\"event\":\"start_screening\"}"},
           {"POST", f.path + "/funding-applications", "{\"source\":\"other\",\"amount_applied\":1}"},
           {"PATCH", f.funding_path, "{\"source\":\"bank\"}"}}) {
    INFO(method << " " << path);
    Reply r = api.raw(raw_request(method, path, {"Content-Type: application/json", "If-Match: \"2\""}, body));
    check_problem(r, 401);
    CHECK(r.json["type"] == "urn:facilitator:problem:unauthenticated");
    CHECK(r.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
  }
  // A cookie that names no session, a malformed Authorization header, an unknown token.
  check_problem(api.post("/api/v1/projects", json::parse(create), {{"Cookie", "facilitator_session=forged"}}), 401);
  check_problem(api.get(f.path, {{"Cookie", "facilitator_session=forged"}}), 401);
  check_problem(api.post("/api/v1/projects", json::parse(create), {{"Authorization", "Basic a2FyaTpwdw=="}}), 401);
  check_problem(api.get(f.path, {{"Authorization", "Bearer fct_not-a-token"}}), 401);
  // The old actor headers name nobody.
  check_problem(api.post("/api/v1/projects", json::parse(create),
                         {{"Cookie", ""}, {"X-Actor", "kari@mnu.no"}, {"X-Actor-Role", "admin"}}),
                401);

  CHECK(Snapshot::of(api, f.id) == before);
  CHECK(api.project_total() == projects);
  // What needs nobody: health and the API description.
  CHECK(api.raw(raw_request("GET", "/health", {}, "")).status == 200);
  CHECK(api.raw(raw_request("GET", "/api/v1/openapi.yaml", {}, "")).status == 200);
}

BACKEND_TEST_CASE("A transition's note and reason are checked: no control characters, limits, reasons only where asked",
                  "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Fixture f = make_fixture(api);
  const Snapshot before = Snapshot::of(api, f.id);
  const httplib::Headers at2{{"If-Match", "\"2\""}};

  check_invalid(api.post(f.path + "/transitions", {{"event", "park"}, {"note", "Venter\u0007"}}, at2), "note",
                "control_character");
  check_invalid(api.post(f.path + "/transitions", {{"event", "park"}, {"note", std::string(20001, 'n')}}, at2), "note",
                "too_long");
  // A reason belongs to closing; on any other event it would be kept where nothing reads it.
  check_invalid(api.post(f.path + "/transitions", {{"event", "park"}, {"note", "x"}, {"reason", "other"}}, at2),
                "reason", "not_accepted");
  check_invalid(api.patch(f.path, {{"title", "To\nlinjer"}}, at2), "title", "control_character");
  CHECK(Snapshot::of(api, f.id) == before);

  // Line breaks and tabs are welcome in a note, which is trimmed and stored as sent otherwise.
  Reply r = api.post(f.path + "/transitions", {{"event", "park"}, {"note", "  Venter på svar:\n\t- banken\n"}}, at2);
  REQUIRE(r.status == 200);
  CHECK(api.events(f.id)["items"][2]["note"] == "Venter på svar:\n\t- banken");
}
