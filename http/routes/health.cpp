#include "http/reply.hpp"
#include "http/routes/routes.hpp"
#include "version.hpp"

namespace facilitator::http {

void add_health_routes(Router& router, Services& services) {
  router.add("GET", "/health", "health", Access::open(),
             [&services](const httplib::Request&, httplib::Response& res, const RequestContext&) {
               nlohmann::json database = {{"backend", services.store.backend()}};
               bool healthy = true;
               try {
                 services.store.ping();
                 database["status"] = "ok";
               } catch (const std::exception&) {
                 healthy = false;
                 database["status"] = "unavailable";
               }
               reply_json(res, healthy ? 200 : 503,
                          {{"status", healthy ? "ok" : "degraded"}, {"version", kVersion}, {"database", database}});
             });
}

}  // namespace facilitator::http
