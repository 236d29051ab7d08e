#include "core/service/store.hpp"
#include "http/reply.hpp"
#include "http/routes/routes.hpp"
#include "version.hpp"

namespace facilitator::http {

namespace {

/// How long a client (a load balancer's readiness check) waits before asking again.
constexpr const char* kRetryAfterSeconds = "5";

}  // namespace

void add_health_routes(Router& router, Services& services) {
  // The readiness check: the database answers reads and, after a storage fault, stores a write
  // again (Store::health). 503 while it cannot, with the fault's name in database.status.
  router.add("GET", "/health", "health", Access::open(),
             [&services](const httplib::Request&, httplib::Response& res, const RequestContext&) {
               nlohmann::json database = {{"backend", services.store.backend()}};
               std::optional<core::StorageFault> fault;
               try {
                 fault = services.store.health();
               } catch (const std::exception&) {
                 fault = core::StorageFault::unavailable;
               }
               database["status"] = fault ? core::storage_fault_name(*fault) : "ok";
               if (fault) res.set_header("Retry-After", kRetryAfterSeconds);
               reply_json(res, fault ? 503 : 200,
                          {{"status", fault ? "degraded" : "ok"}, {"version", kVersion}, {"database", database}});
             });
}

}  // namespace facilitator::http
