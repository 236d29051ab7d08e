#include "http/router.hpp"

#include <regex>

namespace facilitator::http {

void Router::add(std::string method, std::string pattern, std::string name, Handler handler) {
  patterns_.emplace_back(pattern);
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(name), std::move(handler)});
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

void Router::install(httplib::Server& server, ActorResolver resolve_actor) const {
  for (const Route& route : routes_) {
    bool write = route.method != "GET";
    httplib::Server::Handler wrapped = [handler = route.handler, resolve_actor, write](const httplib::Request& req,
                                                                                       httplib::Response& res) {
      RequestContext context;
      context.request_id = current_request_id(res);
      context.language = preferred_language(req);
      context.actor = resolve_actor(req, write);
      handler(req, res, context);
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
