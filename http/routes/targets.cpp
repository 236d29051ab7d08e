#include <climits>

#include "http/record_codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_target_routes(Router& router, Services& services) {
  constexpr const char* kCollection = R"(/api/v1/targets)";
  constexpr const char* kItem = R"(/api/v1/targets/([^/]+))";

  router.add(
      "POST", kCollection, "targets.create", Access::to(core::Action::target_write),
      [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
        nlohmann::json body = parse_json_body(req);
        ObjectReader reader(body);
        core::TargetChanges request = read_target_changes(reader);
        reader.finish();
        reply_created<core::Target>(
            req, res, body,
            [&](const core::Retryable<core::Target>* retry) { return services.targets.add(request, ctx.actor, retry); },
            [](const core::Target& created) {
              return created_answer(target_json(created), "/api/v1/targets/" + std::to_string(created.id),
                                    created.version);
            });
      });

  router.add("GET", kCollection, "targets.list", Access::to(core::Action::target_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader query(req, {"year"});
               std::optional<std::int64_t> year = query.integer("year");
               query.finish();
               std::optional<int> filter;  // clamped: anything beyond int is out of range anyway
               if (year) filter = static_cast<int>(std::clamp<std::int64_t>(*year, INT_MIN, INT_MAX));
               reply_json(res, 200, list_json(services.targets.list(filter, ctx.actor), target_json));
             });

  router.add("GET", kItem, "targets.get", Access::to(core::Action::target_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto target = services.targets.get(path_id(req, 1, "target"), ctx.actor);
               set_etag(res, target.version);
               reply_json(res, 200, target_json(target));
             });

  router.add("PATCH", kItem, "targets.update", Access::to(core::Action::target_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::TargetId id = path_id(req, 1, "target");
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::TargetChanges changes = read_target_changes(reader);
               reader.finish();
               auto updated = services.targets.update(id, required_if_match(req), std::move(changes), ctx.actor);
               set_etag(res, updated.version);
               reply_json(res, 200, target_json(updated));
             });

  router.add("DELETE", kItem, "targets.delete", Access::to(core::Action::target_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::TargetId id = path_id(req, 1, "target");
               services.targets.remove(id, required_if_match(req), ctx.actor);
               res.status = 204;
             });
}

}  // namespace facilitator::http
