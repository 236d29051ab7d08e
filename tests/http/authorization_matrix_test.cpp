// The authorization matrix: every registered route × every role × (own project, other project),
// generated from the router's table and the policy table, so that a new route or a changed policy
// entry is covered without anyone writing a line here. Each request carries a body that the route
// refuses as invalid (or names a record that is not there), so an allowed request changes nothing
// and a refusal must come from the access check: 401, 403, or 404 for a project the caller may
// not see.

#include <catch2/catch.hpp>

#include <regex>

#include "core/access/policy.hpp"
#include "http_test_support.hpp"

using namespace facilitator::testing;
using facilitator::core::Action;
using facilitator::core::Role;
using facilitator::core::Scope;
using facilitator::http::Access;
using facilitator::http::Route;

namespace {

/// The routes open to anyone, by name. An open route that is not listed here fails the test:
/// opening a route must be a decision someone wrote down twice.
const std::set<std::string> kOpenRoutes = {"health", "openapi.get", "session.create", "invitations.preview",
                                           "invitations.accept"};
const std::set<std::string> kSignedInRoutes = {"session.get", "session.delete", "session.password"};

/// A project with one of everything under it, for the capture groups of its routes.
struct ProjectRecords {
  std::int64_t id = 0;
  std::int64_t contact = 0;
  std::int64_t public_note = 0;
  std::int64_t activity = 0;
  std::int64_t funding = 0;
};

ProjectRecords make_project(Api& api, const std::string& title) {
  ProjectRecords r;
  r.id = api.create(title, {{"adviser", "test.adviser@mnu.no"}})["id"].get<std::int64_t>();
  std::string base = Api::project_path(r.id);
  auto id_of = [&](const std::string& path, const json& body) {
    Reply reply = api.post(path, body);
    INFO(path << ": " << reply.body);
    REQUIRE(reply.status == 201);
    return reply.json["id"].get<std::int64_t>();
  };
  r.contact = id_of(base + "/contacts", {{"name", "Kontakt " + title}});
  r.public_note = id_of(base + "/notes", {{"body", "Offentlig notat"}, {"visibility", "public"}});
  id_of(base + "/notes", {{"body", "Internt notat"}});
  r.activity = id_of(base + "/activities", {{"kind", "meeting"}, {"date", "2026-03-02"}, {"hours", 1}});
  r.funding = id_of(base + "/funding-applications", {{"source", "innovasjon_norge"}, {"amount_applied", 100000}});
  return r;
}

/// What the matrix expects of one request.
enum class Expect { allowed, unauthenticated, forbidden, hidden };

const char* to_string(Expect e) {
  switch (e) {
    case Expect::allowed:
      return "allowed";
    case Expect::unauthenticated:
      return "401";
    case Expect::forbidden:
      return "403";
    case Expect::hidden:
      return "404 as for a missing project";
  }
  return "?";
}

/// The policy's answer for a role on a route, about its own or another's project.
Expect expected(const Route& route, Role role, bool own_project) {
  if (route.access.kind != Access::Kind::policy) return Expect::allowed;
  if (route.access.project_scoped && facilitator::core::scope_of(role, Action::project_read) == Scope::own &&
      !own_project)
    return Expect::hidden;
  return facilitator::core::scope_of(role, route.access.action) == Scope::none ? Expect::forbidden : Expect::allowed;
}

/// The route's pattern with its capture groups filled in from the records.
std::string concrete_path(const Route& route, const ProjectRecords& project, std::int64_t company, std::int64_t target,
                          std::int64_t user) {
  std::string prefix = route.name.substr(0, route.name.find('.'));
  std::vector<std::string> values;
  if (prefix == "projects" || prefix == "funding" || prefix == "contacts" || prefix == "notes" ||
      prefix == "activities" || route.name == "invitations.create" || route.name == "invitations.list") {
    values.push_back(std::to_string(project.id));
    if (prefix == "funding") values.push_back(std::to_string(project.funding));
    if (prefix == "contacts") values.push_back(std::to_string(project.contact));
    if (prefix == "notes") values.push_back(std::to_string(project.public_note));
    if (prefix == "activities") values.push_back(std::to_string(project.activity));
  } else if (prefix == "companies") {
    values.push_back(std::to_string(company));
  } else if (prefix == "targets") {
    values.push_back(std::to_string(target));
  } else if (prefix == "reference") {
    values = {"focus-areas", "tourism"};
  } else if (prefix == "workflows") {
    values.push_back("establishment");
  } else if (prefix == "users") {
    values.push_back(std::to_string(user));
  } else if (prefix == "tokens") {
    values.push_back("999999");  // revoking a token that is not there changes nothing
  }
  std::string path;
  std::size_t next = 0;
  const std::string& pattern = route.pattern;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 7, "([^/]+)") == 0) {
      REQUIRE(next < values.size());
      path += values[next++];
      i += 6;
    } else if (pattern[i] == '\\') {
      path += pattern[++i];
    } else {
      path += pattern[i];
    }
  }
  return path;
}

/// The body sent: empty JSON objects are refused by every route that takes a body.
std::string body_for(const Route& route) { return route.method == "GET" ? "" : "{}"; }

}  // namespace

BACKEND_TEST_CASE("Authorization matrix: every route × role × own or other project gives the policy's answer",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  ProjectRecords own = make_project(api, "Eget prosjekt");
  ProjectRecords other = make_project(api, "Annet prosjekt");
  const Identity entrepreneur = server.entrepreneur_of(own.id, "grunder@bedrift.no");
  Reply company = api.post("/api/v1/companies", {{"name", "Bedrift AS"}, {"organisation_number", "923609016"}});
  REQUIRE(company.status == 201);
  Reply target = api.post("/api/v1/targets", {{"year", 2026}, {"metric", "new_projects"}, {"target_value", 40}},
                          api.as(Role::admin));
  REQUIRE(target.status == 201);
  const std::int64_t adviser_user = server.identity(Role::adviser).user_id;
  const Snapshot other_before = Snapshot::of(api, other.id);

  const std::vector<Route>& routes = server.server().router().routes();
  REQUIRE(routes.size() > 40);
  std::size_t checked = 0;
  for (const Route& route : routes) {
    INFO(route.method << " " << route.pattern << " (" << route.name << ")");
    // Every route has an access rule the policy knows: an action of the table, or an open or
    // signed-in route on the written-down lists.
    switch (route.access.kind) {
      case Access::Kind::open:
        CHECK(kOpenRoutes.count(route.name) == 1);
        break;
      case Access::Kind::signed_in:
        CHECK(kSignedInRoutes.count(route.name) == 1);
        break;
      case Access::Kind::policy:
        CHECK(facilitator::core::parse_action(facilitator::core::to_string(route.access.action)) ==
              route.access.action);
        break;
    }

    // Nobody signed in: 401 everywhere but on the open routes.
    if (route.access.kind != Access::Kind::open) {
      Reply anonymous =
          api.request(route.method, concrete_path(route, own, company.json["id"], target.json["id"], adviser_user),
                      body_for(route), {{"Cookie", ""}});
      check_problem(anonymous, 401);
    }

    for (Role role : {Role::admin, Role::adviser, Role::management, Role::entrepreneur}) {
      for (bool own_project : {true, false}) {
        const ProjectRecords& project = own_project ? own : other;
        // Logging out ends the session it is sent with: give it one of its own.
        Identity caller = role == Role::entrepreneur ? entrepreneur : server.identity(role);
        if (route.name == "session.delete")
          caller = server.login(role == Role::entrepreneur ? entrepreneur.email : server.identity(role).email,
                                TestServer::kPassword);
        std::string path = concrete_path(route, project, company.json["id"], target.json["id"], adviser_user);
        Expect expect = expected(route, role, own_project);
        INFO(facilitator::core::to_string(role) << (own_project ? " on own project " : " on other project ") << path
                                                << ": expected " << to_string(expect));
        Reply r = api.request(route.method, path, body_for(route), caller.headers());
        INFO("got " << r.status << " " << r.body.substr(0, 300));
        switch (expect) {
          case Expect::allowed:
            CHECK(r.status != 401);
            CHECK(r.status != 403);
            if (route.access.project_scoped)
              CHECK_FALSE(r.json.value("detail", "") == "There is no project " + std::to_string(project.id) + ".");
            break;
          case Expect::unauthenticated:
            check_problem(r, 401);
            break;
          case Expect::forbidden:
            check_problem(r, 403);
            break;
          case Expect::hidden: {
            check_problem(r, 404);
            // Word for word what a project that does not exist answers.
            std::string missing = std::regex_replace(path, std::regex("/projects/[0-9]+"), "/projects/987654");
            Reply none = api.request(route.method, missing, body_for(route), caller.headers());
            CHECK(none.status == 404);
            CHECK(r.json["detail"].get<std::string>() ==
                  std::regex_replace(none.json.value("detail", ""), std::regex("987654"), std::to_string(project.id)));
            break;
          }
        }
        ++checked;
      }
    }

    // A cookie session's write without its CSRF token is refused before anything happens.
    if (route.method != "GET" && route.access.kind != Access::Kind::open) {
      const Identity& admin = server.identity(Role::admin);
      Reply r =
          api.request(route.method, concrete_path(route, own, company.json["id"], target.json["id"], adviser_user),
                      body_for(route), {{"Cookie", admin.cookie}});
      check_problem(r, 403);
      CHECK(r.json["detail"].get<std::string>().find("X-CSRF-Token") != std::string::npos);
    }
  }
  CHECK(checked == routes.size() * 8);

  // Nothing the matrix sent changed the other project.
  CHECK(Snapshot::of(api, other.id) == other_before);
  // Every refusal was written to the audit log.
  Reply denials = api.get("/api/v1/audit?kind=permission_denied&limit=1", api.as(Role::admin));
  REQUIRE(denials.status == 200);
  CHECK(denials.json["total"].get<std::int64_t>() > 50);
}
