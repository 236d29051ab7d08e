// The web session: log in, who am I, log out, change my password.

#include "http/account_codecs.hpp"
#include "http/auth.hpp"
#include "http/json_input.hpp"
#include "http/reply.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

namespace {

/// Reads {"email", "password"}: both required strings, nothing else.
std::pair<std::string, std::string> read_credentials(const httplib::Request& req) {
  nlohmann::json body = parse_json_body(req);
  ObjectReader reader(body);
  auto email = reader.text("email");
  auto password = reader.text("password");
  if (!email) reader.add_error("email", "required", "the email address you log in with");
  if (!password) reader.add_error("password", "required", "your password");
  reader.finish();
  return {std::move(*email), std::move(*password)};
}

}  // namespace

/// Sets the cookie and answers with the session, for a login or an accepted invitation.
void reply_new_session(const httplib::Request& req, httplib::Response& res, const core::LoginResult& login,
                       const core::SessionSettings& settings) {
  res.set_header("Set-Cookie", session_cookie(login.session_secret, settings.absolute_timeout, over_tls(req)));
  reply_json(res, 201, session_json(login.session, login.user, settings));
}

void add_session_routes(Router& router, Services& services) {
  constexpr const char* kSession = "/api/v1/session";

  router.add("POST", kSession, "session.create", Access::open(),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               auto [email, password] = read_credentials(req);
               core::LoginResult login = services.accounts.login(email, password, ctx.address);
               // A login always gets a new session id; the one the browser had (if any) ends here.
               if (auto old = request_cookie(req, kSessionCookie); old && !old->empty())
                 services.accounts.logout(*old, ctx.address);
               reply_new_session(req, res, login, services.accounts.settings());
             });

  router.add(
      "GET", kSession, "session.get", Access::signed_in(),
      [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
        QueryReader(req, {}).finish();
        if (ctx.session) {
          reply_json(res, 200, session_json(ctx.session->session, ctx.session->user, services.accounts.settings()));
          return;
        }
        // An API token: it acts with a role, not as a person, and needs no CSRF token.
        reply_json(res, 200,
                   {{"token", {{"name", ctx.actor.id}, {"role", core::to_string(ctx.actor.role)}}}, {"user", nullptr}});
      });

  router.add("DELETE", kSession, "session.delete", Access::signed_in(),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               if (auto secret = request_cookie(req, kSessionCookie); secret && ctx.session)
                 services.accounts.logout(*secret, ctx.address);
               res.set_header("Set-Cookie", expired_session_cookie(over_tls(req)));
               res.status = 204;
             });

  router.add("POST", "/api/v1/session/password", "session.password", Access::signed_in(),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               auto current = reader.text("current_password");
               auto next = reader.text("new_password");
               if (!current) reader.add_error("current_password", "required", "your present password");
               if (!next) reader.add_error("new_password", "required", "the password you want");
               reader.finish();
               if (!ctx.session)
                 throw core::DomainError(core::ErrorCode::forbidden, "An API token has no password to change.");
               // Every other session of the user ends; the one making the change goes on.
               services.accounts.change_password(ctx.actor, *current, *next, ctx.address,
                                                 request_cookie(req, kSessionCookie).value_or(""));
               res.status = 204;
             });
}

}  // namespace facilitator::http
