#include "http/record_codecs.hpp"
#include "http/reply.hpp"
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
               core::Note created = services.records.add_note(project, std::move(request), ctx.actor);
               res.set_header("Location",
                              "/api/v1/projects/" + std::to_string(project) + "/notes/" + std::to_string(created.id));
               reply_json(res, 201, note_json(created));
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
