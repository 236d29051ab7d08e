#include "http/record_codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_note_routes(Router& router, Services& services) {
  constexpr const char* kCollection = R"(/api/v1/projects/([^/]+)/notes)";
  constexpr const char* kItem = R"(/api/v1/projects/([^/]+)/notes/([^/]+))";

  // Notes are written once and never edited or deleted, so they carry no version and no ETag.
  router.add("POST", kCollection, "notes.create", Access::on_project(core::Action::note_write_public),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::NewNote request = read_new_note(reader);
               reader.finish();
               reply_created<core::Note>(
                   req, res, body,
                   [&](const core::Retryable<core::Note>* retry) {
                     return services.records.add_note(project, request, ctx.actor, retry);
                   },
                   [project](const core::Note& created) {
                     return created_answer(note_json(created), "/api/v1/projects/" + std::to_string(project) +
                                                                   "/notes/" + std::to_string(created.id));
                   });
             });

  router.add("GET", kCollection, "notes.list", Access::on_project(core::Action::note_read_public),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto notes = services.records.list_notes(path_id(req, 1, "project"), ctx.actor);
               reply_json(res, 200, list_json(notes, note_json));
             });

  router.add("GET", kItem, "notes.get", Access::on_project(core::Action::note_read_public),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto note = services.records.get_note(path_id(req, 1, "project"), path_id(req, 2, "note"), ctx.actor);
               reply_json(res, 200, note_json(note));
             });
}

}  // namespace facilitator::http
