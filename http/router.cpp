#include "http/router.hpp"

#include <regex>

#include "core/domain/error.hpp"
#include "http/auth.hpp"
#include "http/services.hpp"

namespace facilitator::http {

namespace {

/// cpp-httplib answers a request on one thread from routing to logging.
thread_local std::string request_actor;

/// The project a project-scoped route is about: its first capture group, when it is an id.
std::optional<core::ProjectId> project_of(const httplib::Request& req) {
  if (req.matches.size() < 2) return std::nullopt;
  std::string text = req.matches[1].str();
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

/// Identifies the caller and applies the route's access rule; fills in `context`.
void authorize(const Route& route, const httplib::Request& req, Services& services, RequestContext& context) {
  if (route.access.kind == Access::Kind::open) {
    // Open routes still learn who calls when they can (login replaces an existing session), but
    // credentials that are not valid never stand in the way of what needs none.
    try {
      if (auto auth = authenticate(req, services.accounts, context.address)) {
        context.actor = auth->actor;
        request_actor = context.actor.id;
        context.session = std::move(auth->session);
        context.signed_in = true;
      }
    } catch (const core::DomainError&) {
      // Not valid, or not checkable now (the database is down: /health must still answer).
    }
    return;
  }
  auto auth = authenticate(req, services.accounts, context.address);
  if (!auth)
    throw core::DomainError(core::ErrorCode::unauthenticated,
                            "Log in first (POST /api/v1/session), or send an API token as 'Authorization: Bearer'.");
  context.actor = auth->actor;
  context.signed_in = true;
  request_actor = context.actor.id;
  try {
    require_csrf_token(req, *auth);
    if (route.access.kind == Access::Kind::policy) {
      std::optional<core::ProjectId> project = route.access.project_scoped ? project_of(req) : std::nullopt;
      if (route.access.project_scoped && !project &&
          core::scope_of(context.actor.role, core::Action::project_read) == core::Scope::own)
        throw core::DomainError(core::ErrorCode::not_found, "There is no project with that id.");
      services.access.check(context.actor, route.access.action, project);
    }
  } catch (const core::DomainError& e) {
    if (e.code() == core::ErrorCode::forbidden || e.code() == core::ErrorCode::not_found)
      services.accounts.audit(
          "permission_denied", context.actor.id, context.address,
          req.method + " " + req.path + " (" + std::string(core::to_string(route.access.action)) + "): " + e.what());
    throw;
  }
  context.session = std::move(auth->session);
}

}  // namespace

void Router::add(std::string method, std::string pattern, std::string name, Access access, Handler handler) {
  patterns_.emplace_back(pattern);
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(name), access, std::move(handler)});
}

std::vector<std::string> Router::allowed_methods(const std::string& path) const {
  std::vector<std::string> methods;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    if (!std::regex_match(path, patterns_[i])) continue;
    bool seen = false;
    for (const auto& m : methods) seen = seen || m == route.method;
    if (!seen) methods.push_back(route.method);
  }
  return methods;
}

std::string preferred_language(const httplib::Request& req) {
  std::string header = req.get_header_value("Accept-Language");
  // The first language named wins; quality values are rarely used by the clients we serve.
  std::string first = header.substr(0, header.find_first_of(",;"));
  for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (first.rfind("nb", 0) == 0 || first.rfind("no", 0) == 0 || first.rfind("nn", 0) == 0) return "nb";
  if (first.rfind("en", 0) == 0) return "en";
  return "nb";
}

std::string current_request_id(const httplib::Response& res) { return res.get_header_value("X-Request-Id"); }

const std::string& current_actor_id() { return request_actor; }

void forget_current_actor() { request_actor.clear(); }

void Router::install(httplib::Server& server, Services& services) const {
  for (const Route& route : routes_) {
    httplib::Server::Handler wrapped = [route, &services](const httplib::Request& req, httplib::Response& res) {
      RequestContext context;
      context.request_id = current_request_id(res);
      context.language = preferred_language(req);
      context.address = req.remote_addr;
      authorize(route, req, services, context);
      route.handler(req, res, context);
    };
    if (route.method == "GET")
      server.Get(route.pattern, wrapped);
    else if (route.method == "POST")
      server.Post(route.pattern, wrapped);
    else if (route.method == "PATCH")
      server.Patch(route.pattern, wrapped);
    else if (route.method == "PUT")
      server.Put(route.pattern, wrapped);
    else if (route.method == "DELETE")
      server.Delete(route.pattern, wrapped);
  }
}

}  // namespace facilitator::http
