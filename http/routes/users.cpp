// Users and API tokens: administration.

#include "core/service/paging.hpp"
#include "http/account_codecs.hpp"
#include "http/codecs.hpp"
#include "http/json_input.hpp"
#include "http/record_codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

namespace {

std::optional<core::Role> read_role(ObjectReader& reader) {
  auto text = reader.text("role");
  if (!text) return std::nullopt;
  auto role = core::parse_role(*text);
  if (!role || *role == core::Role::system) {
    reader.add_error("role", "invalid", "admin, adviser, management or entrepreneur");
    return std::nullopt;
  }
  return role;
}

}  // namespace

void add_user_routes(Router& router, Services& services) {
  constexpr const char* kUsers = "/api/v1/users";
  constexpr const char* kUser = R"(/api/v1/users/([^/]+))";

  router.add("POST", kUsers, "users.create", Access::to(core::Action::user_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::NewUser request;
               auto email = reader.text("email");
               auto name = reader.text("name");
               auto role = read_role(reader);
               auto password = reader.text("password");
               if (!email) reader.add_error("email", "required", "the email address the user logs in with");
               if (!reader.has_errors() && !role)
                 reader.add_error("role", "required", "admin, adviser, management or entrepreneur");
               if (!password)
                 reader.add_error("password", "required", "a first password for the user (at least 10 characters)");
               reader.forbid("id", "ids are given by the server");
               reader.forbid("version", "a new user starts at version 1");
               reader.finish();
               request.email = *email;
               request.name = name.value_or("");
               request.role = *role;
               request.password = *password;
               reply_created<core::User>(
                   req, res, body,
                   [&](const core::Retryable<core::User>* retry) {
                     return services.accounts.add_user(request, ctx.actor, ctx.address, retry);
                   },
                   [](const core::User& user) {
                     return created_answer(user_json(user), "/api/v1/users/" + std::to_string(user.id), user.version);
                   });
             });

  router.add("GET", kUsers, "users.list", Access::to(core::Action::user_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               reply_json(res, 200, list_json(services.accounts.list_users(ctx.actor), user_json));
             });

  router.add("GET", kUser, "users.get", Access::to(core::Action::user_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               core::User user = services.accounts.get_user(path_id(req, 1, "user"), ctx.actor);
               set_etag(res, user.version);
               reply_json(res, 200, user_json(user));
             });

  router.add("PATCH", kUser, "users.update", Access::to(core::Action::user_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::UserId id = path_id(req, 1, "user");
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::UserChanges changes;
               changes.name = reader.text("name");
               changes.role = read_role(reader);
               changes.disabled = reader.boolean("disabled");
               reader.forbid("email", "the email is the login; create a new user for another address");
               reader.forbid("password", "users change their own password (POST /api/v1/session/password)");
               reader.forbid("id", "ids never change");
               reader.forbid("version", "send the version you expect in If-Match");
               reader.finish();
               core::User user = services.accounts.update_user(id, required_if_match(req), std::move(changes),
                                                               ctx.actor, ctx.address);
               set_etag(res, user.version);
               reply_json(res, 200, user_json(user));
             });

  constexpr const char* kTokens = "/api/v1/tokens";
  router.add("POST", kTokens, "tokens.create", Access::to(core::Action::token_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               auto name = reader.text("name");
               auto role = read_role(reader);
               if (!name) reader.add_error("name", "required", "what the token is for, e.g. the integration's name");
               if (!reader.has_errors() && !role) reader.add_error("role", "required", "admin, adviser or management");
               reader.finish();
               // The secret is shown this once; only its hash is kept, so a retry's answer is without it.
               reply_created<core::CreatedToken>(
                   req, res, body,
                   [&](const core::Retryable<core::CreatedToken>* retry) {
                     return services.accounts.create_token(*name, *role, ctx.actor, ctx.address, retry);
                   },
                   [](const core::CreatedToken& created) { return created_answer(token_json(created.token), ""); },
                   [](const core::CreatedToken& created) {
                     nlohmann::json reply = token_json(created.token);
                     reply["secret"] = created.secret;
                     return created_answer(reply, "");
                   });
             });

  router.add("GET", kTokens, "tokens.list", Access::to(core::Action::token_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               reply_json(res, 200, list_json(services.accounts.list_tokens(ctx.actor), token_json));
             });

  router.add("DELETE", R"(/api/v1/tokens/([^/]+))", "tokens.revoke", Access::to(core::Action::token_manage),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               services.accounts.revoke_token(path_id(req, 1, "token"), ctx.actor, ctx.address);
               res.status = 204;
             });

  router.add("GET", "/api/v1/audit", "audit.list", Access::to(core::Action::audit_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader query(req, {"kind", "actor", "cursor", "limit"});
               core::AuditQuery audit;
               audit.kind = query.text("kind");
               audit.actor = query.text("actor");
               auto cursor = query.text("cursor");
               auto limit = query.integer("limit");
               query.finish();
               audit.limit = core::checked_page_size(limit);
               if (cursor) audit.before_id = core::decode_cursor("audit", *cursor);
               reply_json(res, 200, page_json(services.accounts.list_audit(audit, ctx.actor), audit_json));
             });
}

}  // namespace facilitator::http
