#pragma once

#include <functional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "core/domain/role.hpp"

namespace facilitator::http {

/// What every handler learns about the request beyond cpp-httplib's Request.
struct RequestContext {
  std::string request_id;
  core::Actor actor;
  std::string language = "en";  // "nb" or "en", from Accept-Language
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&, const RequestContext&)>;

/// Resolves who is calling; throws DomainError(unauthenticated) when a route needs someone and
/// nobody is identified. The one place where the caller's identity is decided.
using ActorResolver = std::function<core::Actor(const httplib::Request&, bool write)>;

struct Route {
  std::string method;   // GET, POST, PATCH, DELETE
  std::string pattern;  // a regular expression over the path, cpp-httplib style
  std::string name;     // operation id, e.g. "projects.transition"
  Handler handler;
};

/// The table of routes: installed into cpp-httplib, and kept so that the server can answer 405 with
/// an Allow header and tests can enumerate every route.
class Router {
 public:
  void add(std::string method, std::string pattern, std::string name, Handler handler);
  [[nodiscard]] const std::vector<Route>& routes() const noexcept { return routes_; }
  /// Methods of the routes whose pattern matches `path` (empty when none does).
  [[nodiscard]] std::vector<std::string> allowed_methods(const std::string& path) const;
  void install(httplib::Server& server, ActorResolver resolve_actor) const;

 private:
  std::vector<Route> routes_;
  std::vector<std::regex> patterns_;  // routes_[i].pattern, compiled once
};

/// "nb" unless the client prefers English (Accept-Language).
[[nodiscard]] std::string preferred_language(const httplib::Request& req);

/// The request id given to this request in pre-routing (empty outside a request).
[[nodiscard]] std::string current_request_id(const httplib::Response& res);

}  // namespace facilitator::http
