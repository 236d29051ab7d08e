// Entrepreneur invitations: an adviser invites a project's contact person; the contact follows
// the link, sets a password and is logged in as an entrepreneur who sees that project. The
// link's secret travels in request bodies, never in a path, so it stays out of access logs.

#include "http/account_codecs.hpp"
#include "http/json_input.hpp"
#include "http/record_codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

namespace {

std::string read_secret(ObjectReader& reader) {
  auto token = reader.text("token");
  if (!token || token->empty()) reader.add_error("token", "required", "the secret from the invitation link");
  return token.value_or("");
}

}  // namespace

void add_invitation_routes(Router& router, Services& services) {
  constexpr const char* kCollection = R"(/api/v1/projects/([^/]+)/invitations)";

  router.add("POST", kCollection, "invitations.create", Access::on_project(core::Action::invitation_create),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ProjectId project = path_id(req, 1, "project");
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               auto contact = reader.integer("contact_id");
               if (!contact) reader.add_error("contact_id", "required", "the contact person to invite");
               reader.finish();
               // The link is shown this once: the adviser hands it over; only its hash is kept, so a
               // retry's answer is without it.
               reply_created<core::CreatedInvitation>(
                   req, res, body,
                   [&](const core::Retryable<core::CreatedInvitation>* retry) {
                     return services.accounts.invite(project, *contact, ctx.actor, ctx.address, retry);
                   },
                   [](const core::CreatedInvitation& created) {
                     return created_answer(invitation_json(created.invitation), "");
                   },
                   [](const core::CreatedInvitation& created) {
                     nlohmann::json reply = invitation_json(created.invitation);
                     reply["token"] = created.secret;
                     reply["link"] = "/#/invitation/" + created.secret;
                     return created_answer(reply, "");
                   });
             });

  router.add("GET", kCollection, "invitations.list", Access::on_project(core::Action::invitation_create),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               auto invitations = services.accounts.list_invitations(path_id(req, 1, "project"), ctx.actor);
               reply_json(res, 200, list_json(invitations, invitation_json));
             });

  router.add("POST", "/api/v1/invitations/preview", "invitations.preview", Access::open(),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               std::string secret = read_secret(reader);
               reader.finish();
               core::InvitationView view = services.accounts.describe_invitation(secret);
               reply_json(res, 200,
                          {{"project_title", view.project_title},
                           {"contact_name", view.contact_name},
                           {"email", view.email},
                           {"expires_at", core::format_rfc3339(view.expires_at)},
                           {"existing_account", view.existing_account}});
             });

  router.add("POST", "/api/v1/invitations/accept", "invitations.accept", Access::open(),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               std::string secret = read_secret(reader);
               auto password = reader.text("password");
               if (!password) reader.add_error("password", "required", "the password for your account");
               reader.finish();
               core::LoginResult login = services.accounts.accept_invitation(secret, *password, ctx.address);
               reply_new_session(req, res, login, services.accounts.settings());
             });
}

}  // namespace facilitator::http
