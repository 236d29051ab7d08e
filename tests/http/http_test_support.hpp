#pragma once

// Helpers for the HTTP tests. Every request goes through `Api`, which checks what every response
// must carry whatever its status (X-Request-Id, nosniff, no-store) and that no 5xx ever appears,
// so each test asserts these for free on every exchange.

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "test_server.hpp"

namespace facilitator::testing {

using nlohmann::json;

inline std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// What every response carries, whatever its status; and a server error is never an answer.
inline void check_every_response(const Reply& r) {
  INFO("status " << r.status << ", body " << r.body.substr(0, 500));
  CHECK(r.status >= 200);
  CHECK(r.status < 500);
  CHECK_FALSE(r.header("X-Request-Id").empty());
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(r.header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
  CHECK(r.header("Access-Control-Allow-Origin").empty());  // no CORS: other sites cannot read the API
}

/// Words that only appear in a body when internal detail (SQL, driver or exception text) leaks.
inline void check_no_internal_detail(const std::string& body) {
  std::string text = lowercase(body);
  for (const char* leak : {"soci",
                           "sqlite",
                           "postgres",
                           "libpq",
                           "select ",
                           "insert ",
                           "update projects",
                           "std::",
                           "nlohmann",
                           "exception",
                           "what()",
                           "json.exception",
                           "parse_error",
                           "syntax error",
                           "constraint",
                           "/work/",
                           ".cpp",
                           "fatal",
                           "loadone",
                           "127.0.0.1",
                           "facilitator_test",
                           "begin immediate",
                           "database is locked",
                           "cannot establish"}) {
    INFO("problem body leaks '" << leak << "': " << body);
    CHECK(text.find(leak) == std::string::npos);
  }
}

/// An RFC 9457 problem document with `status`: type, title, status, detail; well-formed `errors`.
inline void check_problem(const Reply& r, int status) {
  INFO("status " << r.status << ", body " << r.body.substr(0, 500));
  CHECK(r.status == status);
  CHECK(r.header("Content-Type").rfind("application/problem+json", 0) == 0);
  REQUIRE(r.json.is_object());
  CHECK(r.json.value("type", "").rfind("urn:facilitator:problem:", 0) == 0);
  CHECK_FALSE(r.json.value("title", "").empty());
  CHECK(r.json.value("status", 0) == status);
  CHECK_FALSE(r.json.value("detail", "").empty());
  if (r.json.contains("errors")) {
    REQUIRE(r.json["errors"].is_array());
    CHECK_FALSE(r.json["errors"].empty());
    for (const auto& e : r.json["errors"]) {
      CHECK(e["field"].is_string());
      CHECK_FALSE(e.value("code", "").empty());
      CHECK_FALSE(e.value("message", "").empty());
    }
  }
  check_no_internal_detail(r.body);
}

/// Whether a validation problem names `field` (with `code`, when given) in `errors`.
inline bool names_error(const Reply& r, const std::string& field, const std::string& code = "") {
  if (!r.json.is_object() || !r.json.contains("errors")) return false;
  return std::any_of(r.json["errors"].begin(), r.json["errors"].end(), [&](const json& e) {
    return e.value("field", "") == field && (code.empty() || e.value("code", "") == code);
  });
}

/// A 400 validation problem naming `field` (and `code`).
inline void check_invalid(const Reply& r, const std::string& field, const std::string& code = "") {
  check_problem(r, 400);
  INFO("expected an error for '" << field << "' " << code << " in " << r.body);
  CHECK(names_error(r, field, code));
}

inline std::string quoted(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

/// The API through a TestServer, checking every response with check_every_response.
class Api {
 public:
  explicit Api(TestServer& server) : server_(server) {}

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                httplib::Headers headers = {}, const std::string& content_type = "application/json") {
    Reply r = server_.request(method, path, body, std::move(headers), content_type);
    check_every_response(r);
    return r;
  }
  Reply get(const std::string& path, httplib::Headers headers = {}) {
    return request("GET", path, "", std::move(headers), "");
  }
  Reply post(const std::string& path, const json& body, httplib::Headers headers = {}) {
    return request("POST", path, body.dump(), std::move(headers));
  }
  Reply patch(const std::string& path, const json& body, httplib::Headers headers = {}) {
    return request("PATCH", path, body.dump(), std::move(headers));
  }
  Reply raw(const std::string& bytes) {
    Reply r = server_.raw(bytes);
    REQUIRE(r.status != 0);
    check_every_response(r);
    return r;
  }

  /// The headers that make a request another role's (see TestServer::identity).
  httplib::Headers as(core::Role role) { return server_.as(role); }
  [[nodiscard]] TestServer& server() noexcept { return server_; }

  static std::string project_path(std::int64_t id) { return "/api/v1/projects/" + std::to_string(id); }

  /// Creates an establishment project and returns its JSON.
  json create(const std::string& title, json fields = json::object()) {
    fields["workflow"] = "establishment";
    fields["title"] = title;
    Reply r = post("/api/v1/projects", fields);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json;
  }
  /// PATCHes a project at `version` and returns the new JSON.
  json update(std::int64_t id, std::int64_t version, const json& changes) {
    Reply r = patch(project_path(id), changes, {{"If-Match", quoted(version)}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    return r.json;
  }
  /// POSTs a transition with If-Match: `version`; `extra` adds note, reason, ...
  Reply transition(std::int64_t id, const std::string& event, std::int64_t version, json extra = json::object(),
                   httplib::Headers headers = {}) {
    extra["event"] = event;
    headers.emplace("If-Match", quoted(version));
    return post(project_path(id) + "/transitions", extra, std::move(headers));
  }
  /// A transition that must succeed; returns its JSON.
  json move(std::int64_t id, const std::string& event, std::int64_t version, json extra = json::object()) {
    Reply r = transition(id, event, version, std::move(extra));
    INFO(event << ": " << r.body);
    REQUIRE(r.status == 200);
    return r.json;
  }
  json project(std::int64_t id) {
    Reply r = get(project_path(id));
    REQUIRE(r.status == 200);
    return r.json;
  }
  /// The whole event list of a project (one page of up to 500).
  json events(std::int64_t id) {
    Reply r = get(project_path(id) + "/events?limit=500");
    REQUIRE(r.status == 200);
    return r.json;
  }
  std::int64_t project_total() {
    Reply r = get("/api/v1/projects?limit=1");
    REQUIRE(r.status == 200);
    return r.json["total"].get<std::int64_t>();
  }

 private:
  TestServer& server_;
};

/// Everything a caller can read about a project: to show that a refused request changed nothing.
struct Snapshot {
  json project;
  std::string etag;
  json events;
  json funding;

  static Snapshot of(Api& api, std::int64_t id) {
    Reply r = api.get(Api::project_path(id));
    REQUIRE(r.status == 200);
    Reply f = api.get(Api::project_path(id) + "/funding-applications");
    REQUIRE(f.status == 200);
    return Snapshot{r.json, r.header("ETag"), api.events(id), f.json};
  }
  bool operator==(const Snapshot& other) const {
    return project == other.project && etag == other.etag && events == other.events && funding == other.funding;
  }
};

inline std::ostream& operator<<(std::ostream& out, const Snapshot& s) {
  return out << "project " << s.project.dump() << " etag " << s.etag << " events total " << s.events["total"];
}

/// The `available_events` entry for `event` (null when the event does not leave the state).
inline json availability(const json& project, const std::string& event) {
  for (const auto& a : project["available_events"])
    if (a["event"] == event) return a;
  return nullptr;
}

/// The guard ids of a 422 problem's reasons, or of an availability's reasons, in order.
inline std::vector<std::string> guard_ids(const json& reasons) {
  std::vector<std::string> ids;
  for (const auto& r : reasons) ids.push_back(r.value("guard", ""));
  return ids;
}

}  // namespace facilitator::testing
