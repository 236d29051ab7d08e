#include "http/record_codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_contact_routes(Router& router, Services& services) {
  constexpr const char* kCollection = R"(/api/v1/projects/([^/]+)/contacts)";
  constexpr const char* kItem = R"(/api/v1/projects/([^/]+)/contacts/([^/]+))";

  router.add("POST", kCollection, "contacts.create", Access::on_project(core::Action::contact_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::ContactChanges request = read_contact_changes(reader);
               reader.finish();
               reply_created<core::Contact>(
                   req, res, body,
                   [&](const core::Retryable<core::Contact>* retry) {
                     return services.records.add_contact(project, request, ctx.actor, retry);
                   },
                   [project](const core::Contact& created) {
                     return created_answer(
                         contact_json(created),
                         "/api/v1/projects/" + std::to_string(project) + "/contacts/" + std::to_string(created.id),
                         created.version);
                   });
             });

  router.add("GET", kCollection, "contacts.list", Access::on_project(core::Action::contact_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto contacts = services.records.list_contacts(path_id(req, 1, "project"), ctx.actor);
               reply_json(res, 200, list_json(contacts, contact_json));
             });

  router.add("GET", kItem, "contacts.get", Access::on_project(core::Action::contact_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto contact =
                   services.records.get_contact(path_id(req, 1, "project"), path_id(req, 2, "contact"), ctx.actor);
               set_etag(res, contact.version);
               reply_json(res, 200, contact_json(contact));
             });

  router.add("PATCH", kItem, "contacts.update", Access::on_project(core::Action::contact_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               core::ContactId id = path_id(req, 2, "contact");
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::ContactChanges changes = read_contact_changes(reader);
               reader.finish();
               auto updated =
                   services.records.update_contact(project, id, required_if_match(req), std::move(changes), ctx.actor);
               set_etag(res, updated.version);
               reply_json(res, 200, contact_json(updated));
             });

  router.add("DELETE", kItem, "contacts.delete", Access::on_project(core::Action::contact_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               core::ContactId id = path_id(req, 2, "contact");
               services.records.remove_contact(project, id, required_if_match(req), ctx.actor);
               res.status = 204;
             });
}

}  // namespace facilitator::http
