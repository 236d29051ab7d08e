#include "http/record_codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_activity_routes(Router& router, Services& services) {
  constexpr const char* kCollection = R"(/api/v1/projects/([^/]+)/activities)";
  constexpr const char* kItem = R"(/api/v1/projects/([^/]+)/activities/([^/]+))";

  router.add("POST", kCollection, "activities.create", Access::on_project(core::Action::activity_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req);
               core::ActivityChanges request = read_activity_changes(body);
               reply_created<core::Activity>(
                   req, res, body,
                   [&](const core::Retryable<core::Activity>* retry) {
                     return services.records.add_activity(project, request, ctx.actor, retry);
                   },
                   [project](const core::Activity& created) {
                     return created_answer(
                         activity_json(created),
                         "/api/v1/projects/" + std::to_string(project) + "/activities/" + std::to_string(created.id),
                         created.version);
                   });
             });

  router.add("GET", kCollection, "activities.list", Access::on_project(core::Action::activity_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto activities = services.records.list_activities(path_id(req, 1, "project"), ctx.actor);
               reply_json(res, 200, list_json(activities, activity_json));
             });

  router.add("GET", kItem, "activities.get", Access::on_project(core::Action::activity_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto activity =
                   services.records.get_activity(path_id(req, 1, "project"), path_id(req, 2, "activity"), ctx.actor);
               set_etag(res, activity.version);
               reply_json(res, 200, activity_json(activity));
             });

  router.add("PATCH", kItem, "activities.update", Access::on_project(core::Action::activity_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               core::ActivityId id = path_id(req, 2, "activity");
               nlohmann::json body = parse_json_body(req, true);
               core::ActivityChanges changes = read_activity_changes(body);
               auto updated =
                   services.records.update_activity(project, id, required_if_match(req), std::move(changes), ctx.actor);
               set_etag(res, updated.version);
               reply_json(res, 200, activity_json(updated));
             });

  router.add("DELETE", kItem, "activities.delete", Access::on_project(core::Action::activity_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               core::ActivityId id = path_id(req, 2, "activity");
               services.records.remove_activity(project, id, required_if_match(req), ctx.actor);
               res.status = 204;
             });
}

}  // namespace facilitator::http
