#include "http/codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_funding_routes(Router& router, Services& services) {
  constexpr const char* kCollection = R"(/api/v1/projects/([^/]+)/funding-applications)";
  constexpr const char* kItem = R"(/api/v1/projects/([^/]+)/funding-applications/([^/]+))";

  router.add("POST", kCollection, "funding.create", Access::on_project(core::Action::funding_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::FundingChanges request = read_funding_changes(reader);
               reader.finish();
               reply_created<core::FundingApplication>(
                   req, res, body,
                   [&](const core::Retryable<core::FundingApplication>* retry) {
                     return services.projects.add_funding(project, request, ctx.actor, retry);
                   },
                   [project](const core::FundingApplication& created) {
                     return created_answer(funding_json(created),
                                           "/api/v1/projects/" + std::to_string(project) + "/funding-applications/" +
                                               std::to_string(created.id),
                                           created.version);
                   });
             });

  router.add("GET", kCollection, "funding.list", Access::on_project(core::Action::funding_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto applications = services.projects.list_funding(path_id(req, 1, "project"), ctx.actor);
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : applications) items.push_back(funding_json(a));
               reply_json(res, 200, {{"items", items}, {"total", items.size()}, {"next_cursor", nullptr}});
             });

  router.add("GET", kItem, "funding.get", Access::on_project(core::Action::funding_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto application = services.projects.get_funding(path_id(req, 1, "project"),
                                                                path_id(req, 2, "funding application"), ctx.actor);
               set_etag(res, application.version);
               reply_json(res, 200, funding_json(application));
             });

  router.add("PATCH", kItem, "funding.update", Access::on_project(core::Action::funding_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               core::FundingId id = path_id(req, 2, "funding application");
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::FundingChanges changes = read_funding_changes(reader);
               reader.finish();
               auto updated =
                   services.projects.update_funding(project, id, required_if_match(req), std::move(changes), ctx.actor);
               set_etag(res, updated.version);
               reply_json(res, 200, funding_json(updated));
             });
}

}  // namespace facilitator::http
