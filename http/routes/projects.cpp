#include "http/codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

namespace {

/// Entrepreneurs (and any role without the full history) see the outsider's view of a project.
bool outsider(const RequestContext& ctx) {
  return core::scope_of(ctx.actor.role, core::Action::project_history_full) == core::Scope::none;
}

void reply_project(httplib::Response& res, int status, const core::ProjectView& view) {
  set_etag(res, view.project.version);
  reply_json(res, status, project_view_json(view));
}

}  // namespace

void add_project_routes(Router& router, Services& services) {
  router.add("POST", "/api/v1/projects", "projects.create", Access::to(core::Action::project_create),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::NewProject request;
               request.workflow = reader.text("workflow").value_or("");
               request.fields = read_project_changes(reader);
               reader.finish();
               reply_created<core::ProjectView>(
                   req, res, body,
                   [&](const core::Retryable<core::ProjectView>* retry) {
                     return services.projects.create(request, ctx.actor, retry);
                   },
                   [](const core::ProjectView& view) {
                     return created_answer(project_view_json(view),
                                           "/api/v1/projects/" + std::to_string(view.project.id), view.project.version);
                   });
             });

  router.add("GET", "/api/v1/projects", "projects.list", Access::to(core::Action::project_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader query(req, {"workflow", "state", "municipality", "focus_area", "nace_section", "adviser",
                                       "company_id", "q", "in_state_days", "sort", "limit", "cursor"});
               core::ProjectListRequest request;
               request.workflow = query.text("workflow");
               request.state = query.text("state");
               request.municipality = query.text("municipality");
               request.focus_area = query.text("focus_area");
               request.nace_section = query.text("nace_section");
               request.adviser = query.text("adviser");
               request.company_id = query.integer("company_id");
               request.text = query.text("q");
               request.in_state_days = query.integer("in_state_days");
               request.sort = query.text("sort");
               request.limit = query.integer("limit");
               request.cursor = query.text("cursor");
               query.finish();
               auto page = services.projects.list(request, ctx.actor);
               if (outsider(ctx))
                 reply_json(res, 200, page_json(page, [&services](const core::Project& p) {
                              return outsider_project_json(p, services.workflows.get(p.workflow));
                            }));
               else
                 reply_json(res, 200, page_json(page, project_json));
             });

  router.add("GET", R"(/api/v1/projects/([^/]+))", "projects.get", Access::on_project(core::Action::project_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               core::ProjectView view = services.projects.get(path_id(req, 1, "project"), ctx.actor);
               if (outsider(ctx)) {
                 set_etag(res, view.project.version);
                 reply_json(res, 200,
                            outsider_project_json(view.project, services.workflows.get(view.project.workflow)));
               } else {
                 reply_project(res, 200, view);
               }
             });

  router.add("PATCH", R"(/api/v1/projects/([^/]+))", "projects.update",
             Access::on_project(core::Action::project_update),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId id = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::ProjectChanges changes = read_project_changes(reader);
               reader.forbid("workflow", "cannot change; create a new project in the other workflow");
               reader.finish();
               std::int64_t expected = required_if_match(req);
               reply_project(res, 200, services.projects.update(id, expected, std::move(changes), ctx.actor));
             });

  router.add("POST", R"(/api/v1/projects/([^/]+)/transitions)", "projects.transition",
             Access::on_project(core::Action::project_transition),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::TransitionCommand command;
               command.project_id = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               auto event = reader.text("event");
               command.input.note = reader.text("note");
               command.input.reason = reader.text("reason");
               auto visibility = reader.text("visibility");
               auto expected_in_body = reader.integer("expected_version");
               if (expected_in_body && *expected_in_body < 1)
                 reader.add_error("expected_version", "invalid", "a version this API returned: 1 or higher");
               if (!event && body.is_object() && !body.contains("event"))
                 reader.add_error("event", "required", "the workflow event to apply, e.g. start_screening");
               if (visibility) {
                 auto parsed = core::parse_visibility(*visibility);
                 if (parsed)
                   command.visibility = *parsed;
                 else
                   reader.add_error("visibility", "invalid", "internal or public");
               }
               reader.finish();
               command.event = *event;

               auto expected_in_header = if_match_version(req);
               if (expected_in_header && expected_in_body && *expected_in_header != *expected_in_body)
                 throw core::DomainError(core::ErrorCode::invalid_input,
                                         "If-Match and expected_version disagree; send one of them.",
                                         {{"expected_version", "mismatch", "differs from If-Match"}});
               if (!expected_in_header && !expected_in_body)
                 throw core::DomainError(core::ErrorCode::precondition_required,
                                         "Send the version you last read, in If-Match or as expected_version.");
               command.expected_version = expected_in_header ? *expected_in_header : *expected_in_body;
               command.idempotency_key = idempotency_key(req);

               core::TransitionResult result = services.projects.transition(command, ctx.actor);
               if (result.replayed) res.set_header("Idempotent-Replayed", "true");
               set_etag(res, result.event.seq);
               reply_json(res, 200, transition_result_json(result));
             });

  router.add("GET", R"(/api/v1/projects/([^/]+)/events)", "projects.events",
             Access::on_project(core::Action::project_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader query(req, {"limit", "cursor"});
               core::EventListRequest request;
               request.limit = query.integer("limit");
               request.cursor = query.text("cursor");
               query.finish();
               auto page = services.projects.events(path_id(req, 1, "project"), request, ctx.actor);
               reply_json(res, 200, outsider(ctx) ? page_json(page, outsider_event_json) : page_json(page, event_json));
             });
}

}  // namespace facilitator::http
