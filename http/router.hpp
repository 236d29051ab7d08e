#pragma once

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "core/access/policy.hpp"
#include "core/domain/role.hpp"
#include "core/service/account_service.hpp"

namespace facilitator::http {

struct Services;

/// Who may call a route. Every route states it where it is added, and the router enforces it
/// before the handler runs, so that no handler can forget: the caller must be identified (401),
/// the policy table must allow the role (403), and for project routes an entrepreneur must be a
/// contact of the project (404, as for a project that does not exist).
struct Access {
  enum class Kind {
    open,       // anyone, signed in or not: health, the API description, login, invitation links
    signed_in,  // anyone signed in, whatever the role: their own session
    policy,     // the policy table's answer for `action`
  };
  Kind kind = Kind::policy;
  core::Action action = core::Action::workflow_read;
  bool project_scoped = false;  // the route's first capture group is a project id

  static Access open() { return {Kind::open, core::Action::workflow_read, false}; }
  static Access signed_in() { return {Kind::signed_in, core::Action::workflow_read, false}; }
  static Access to(core::Action action) { return {Kind::policy, action, false}; }
  static Access on_project(core::Action action) { return {Kind::policy, action, true}; }
};

/// What every handler learns about the request beyond cpp-httplib's Request.
struct RequestContext {
  std::string request_id;
  core::Actor actor;  // who is calling; meaningless on open routes
  bool signed_in = false;
  std::optional<core::CurrentSession> session;  // when signed in with the session cookie
  std::string language = "en";                  // "nb" or "en", from Accept-Language
  std::string address;                          // the client's address, for the audit log
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&, const RequestContext&)>;

struct Route {
  std::string method;   // GET, POST, PATCH, DELETE
  std::string pattern;  // a regular expression over the path, cpp-httplib style
  std::string name;     // operation id, e.g. "projects.transition"
  Access access;
  Handler handler;
};

/// The table of routes: installed into cpp-httplib, and kept so that the server can answer 405 with
/// an Allow header and tests can enumerate every route.
class Router {
 public:
  void add(std::string method, std::string pattern, std::string name, Access access, Handler handler);
  [[nodiscard]] const std::vector<Route>& routes() const noexcept { return routes_; }
  /// Methods of the routes whose pattern matches `path` (empty when none does).
  [[nodiscard]] std::vector<std::string> allowed_methods(const std::string& path) const;
  void install(httplib::Server& server, Services& services) const;

 private:
  std::vector<Route> routes_;
  std::vector<std::regex> patterns_;  // routes_[i].pattern, compiled once
};

/// "nb" unless the client prefers English (Accept-Language).
[[nodiscard]] std::string preferred_language(const httplib::Request& req);

/// The request id given to this request in pre-routing (empty outside a request).
[[nodiscard]] std::string current_request_id(const httplib::Response& res);

/// Who the current request acts as, once the router has authenticated it (for the access log).
[[nodiscard]] const std::string& current_actor_id();
/// Called when a request starts, before anything is known of its caller.
void forget_current_actor();

}  // namespace facilitator::http
