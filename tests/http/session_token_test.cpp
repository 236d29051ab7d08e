// Sessions, API tokens, users, invitations and the audit log through real sockets on both
// backends: what a person or an integration relies on when it logs in, stays logged in, logs out,
// is throttled, changes a password, or is given a token; and what the audit log keeps of it.

#include <set>
#include <string>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;
using facilitator::core::Role;

namespace {

constexpr const char* kSessionPath = "/api/v1/session";

/// Anonymous: no session cookie, no token.
const httplib::Headers kAnonymous = {{"Cookie", ""}};

Reply login(Api& api, const std::string& email, const std::string& password, httplib::Headers headers = kAnonymous) {
  return api.post(kSessionPath, {{"email", email}, {"password", password}}, std::move(headers));
}

/// "facilitator_session=..." from a response's Set-Cookie.
std::string cookie_of(const Reply& r) {
  std::string set_cookie = r.header("Set-Cookie");
  return set_cookie.substr(0, set_cookie.find(';'));
}

/// The caller a successful login or invitation acceptance made.
Identity identity_of(const Reply& r) {
  INFO(r.body);
  REQUIRE(r.status == 201);
  Identity identity;
  identity.email = r.json["user"]["email"].get<std::string>();
  identity.user_id = r.json["user"]["id"].get<std::int64_t>();
  identity.cookie = cookie_of(r);
  identity.csrf_token = r.json["csrf_token"].get<std::string>();
  return identity;
}

/// Only the cookie: what a forged cross-site request would carry.
httplib::Headers cookie_only(const Identity& identity) { return {{"Cookie", identity.cookie}}; }

httplib::Headers bearer(const std::string& secret) { return {{"Authorization", "Bearer " + secret}}; }

httplib::Headers with(httplib::Headers headers, const std::string& name, const std::string& value) {
  headers.emplace(name, value);
  return headers;
}

/// Creates a user through the admin API and returns its JSON.
json add_user(Api& api, const std::string& email, const std::string& role, const std::string& password) {
  Reply r =
      api.post("/api/v1/users", {{"email", email}, {"name", "Bruker " + email}, {"role", role}, {"password", password}},
               api.as(Role::admin));
  INFO(r.body);
  REQUIRE(r.status == 201);
  return r.json;
}

/// What must never be in a response about accounts: a password hash, or a password.
void check_no_secret(const Reply& r) {
  INFO(r.body);
  CHECK(r.body.find("$argon2") == std::string::npos);
  CHECK(r.body.find("password_hash") == std::string::npos);
  CHECK(r.body.find(TestServer::kPassword) == std::string::npos);
}

Reply remove(Api& api, const std::string& path, httplib::Headers headers) {
  return api.request("DELETE", path, "", std::move(headers), "");
}

}  // namespace

BACKEND_TEST_CASE("Login sets an HttpOnly, SameSite=Strict session cookie and answers with the user, never a secret",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string password = "et-langt-passord-1";
  json user = add_user(api, "kari@mnu.no", "adviser", password);

  Reply r = login(api, "Kari@MNU.no ", password);  // the email as typed: case and spaces do not matter
  INFO(r.body);
  REQUIRE(r.status == 201);
  std::string set_cookie = r.header("Set-Cookie");
  INFO("Set-Cookie: " << set_cookie);
  CHECK(set_cookie.rfind("facilitator_session=", 0) == 0);
  CHECK(cookie_of(r).size() > std::string("facilitator_session=").size() + 20);
  CHECK(set_cookie.find("; HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("; SameSite=Strict") != std::string::npos);
  CHECK(set_cookie.find("; Path=/") != std::string::npos);
  CHECK(set_cookie.find("; Max-Age=") != std::string::npos);
  CHECK(set_cookie.find("Max-Age=0") == std::string::npos);
  CHECK(lowercase(set_cookie).find("secure") == std::string::npos);  // plain HTTP here: Secure only over TLS

  REQUIRE(r.json.is_object());
  CHECK(r.json["user"] ==
        json{{"id", user["id"]}, {"email", "kari@mnu.no"}, {"name", "Bruker kari@mnu.no"}, {"role", "adviser"}});
  CHECK(r.json["csrf_token"].get<std::string>().size() >= 20);
  CHECK_FALSE(r.json.value("expires_at", "").empty());
  check_no_secret(r);
  CHECK(r.body.find(password) == std::string::npos);
  // The session secret is only in the cookie, not in the body.
  CHECK(r.body.find(cookie_of(r).substr(std::string("facilitator_session=").size())) == std::string::npos);

  // Everything that describes users, sessions and tokens leaves hashes and passwords out.
  Identity kari = identity_of(r);
  for (const Reply& reply :
       {api.get(kSessionPath, kari.headers()), api.get("/api/v1/users", api.as(Role::admin)),
        api.get("/api/v1/users/" + std::to_string(kari.user_id), api.as(Role::admin)),
        api.get("/api/v1/tokens", api.as(Role::admin)), api.get(kSessionPath, api.as(Role::admin))}) {
    CHECK(reply.status == 200);
    check_no_secret(reply);
    CHECK(reply.body.find(password) == std::string::npos);
  }
}

BACKEND_TEST_CASE("Unknown email, wrong password and disabled account are refused with the same answer",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string password = "et-langt-passord-2";
  add_user(api, "ola@mnu.no", "adviser", password);
  json disabled = add_user(api, "per@mnu.no", "adviser", password);
  Reply off = api.patch("/api/v1/users/" + std::to_string(disabled["id"].get<std::int64_t>()), {{"disabled", true}},
                        with(api.as(Role::admin), "If-Match", quoted(disabled["version"])));
  REQUIRE(off.status == 200);

  Reply unknown = login(api, "ingen@mnu.no", password);
  Reply wrong = login(api, "ola@mnu.no", "feil-passord-123");
  Reply disabled_login = login(api, "per@mnu.no", password);
  for (const Reply* r : {&unknown, &wrong, &disabled_login}) {
    check_problem(*r, 401);
    CHECK(r->header("Set-Cookie").empty());
  }
  for (const char* key : {"type", "title", "status", "detail"}) {
    INFO(key);
    CHECK(unknown.json[key] == wrong.json[key]);
    CHECK(unknown.json[key] == disabled_login.json[key]);
  }
  CHECK_FALSE(unknown.json.contains("errors"));
  CHECK(unknown.json.size() == wrong.json.size());
  CHECK(unknown.json.size() == disabled_login.json.size());
  // The right password still logs in the enabled account.
  CHECK(login(api, "ola@mnu.no", password).status == 201);
}

BACKEND_TEST_CASE("Every login gets a new session id, and logging in over an existing session ends it", "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string password = "et-langt-passord-3";
  add_user(api, "lise@mnu.no", "adviser", password);

  Identity first = identity_of(login(api, "lise@mnu.no", password));
  Identity second = identity_of(login(api, "lise@mnu.no", password));
  CHECK(first.cookie != second.cookie);
  CHECK(first.csrf_token != second.csrf_token);
  // Two logins from two browsers: both sessions live.
  CHECK(api.get(kSessionPath, first.headers()).status == 200);
  CHECK(api.get(kSessionPath, second.headers()).status == 200);

  // Logging in while sending the session cookie: a new id, and the old one ends.
  Identity third = identity_of(login(api, "lise@mnu.no", password, cookie_only(first)));
  CHECK(third.cookie != first.cookie);
  check_problem(api.get(kSessionPath, first.headers()), 401);
  CHECK(api.get(kSessionPath, third.headers()).status == 200);
  CHECK(api.get(kSessionPath, second.headers()).status == 200);  // another browser's session is not touched
}

BACKEND_TEST_CASE("GET /session tells who is logged in, and DELETE ends the session on the server", "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  Identity adviser = server.login(server.identity(Role::adviser).email, TestServer::kPassword);

  Reply me = api.get(kSessionPath, adviser.headers());
  REQUIRE(me.status == 200);
  CHECK(me.json["user"]["email"] == "test.adviser@mnu.no");
  CHECK(me.json["user"]["role"] == "adviser");
  CHECK(me.json["user"]["id"] == adviser.user_id);
  CHECK(me.json["csrf_token"] == adviser.csrf_token);
  CHECK_FALSE(me.json.value("expires_at", "").empty());
  check_no_secret(me);
  // The cookie alone is enough to read it (a page reload fetches the CSRF token this way).
  Reply cookie_alone = api.get(kSessionPath, cookie_only(adviser));
  CHECK(cookie_alone.status == 200);
  CHECK(cookie_alone.json["csrf_token"] == adviser.csrf_token);
  check_problem(api.get(kSessionPath, kAnonymous), 401);

  // Logging out needs the CSRF token like any write.
  check_problem(remove(api, kSessionPath, cookie_only(adviser)), 403);
  CHECK(api.get(kSessionPath, adviser.headers()).status == 200);

  Reply out = remove(api, kSessionPath, adviser.headers());
  CHECK(out.status == 204);
  std::string expired = out.header("Set-Cookie");
  INFO("Set-Cookie: " << expired);
  CHECK(expired.rfind("facilitator_session=;", 0) == 0);
  CHECK(expired.find("Max-Age=0") != std::string::npos);
  CHECK(expired.find("HttpOnly") != std::string::npos);

  // The browser forgets the cookie, but the server must not rely on that: the old value is refused.
  check_problem(api.get(kSessionPath, adviser.headers()), 401);
  check_problem(api.get("/api/v1/projects", adviser.headers()), 401);
  check_problem(
      api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Etter utlogging"}}, adviser.headers()),
      401);
  CHECK(api.project_total() == 0);
  // Other sessions of the same user are not ended by this logout.
  CHECK(api.get(kSessionPath, server.as(Role::adviser)).status == 200);
}

BACKEND_TEST_CASE("A cookie session's writes need the CSRF token, but reads and bearer tokens do not", "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const Identity& adviser = server.identity(Role::adviser);
  const json project = {{"workflow", "establishment"}, {"title", "CSRF-prosjekt"}};

  Reply missing = api.post("/api/v1/projects", project, cookie_only(adviser));
  check_problem(missing, 403);
  CHECK(missing.json["detail"].get<std::string>().find("X-CSRF-Token") != std::string::npos);
  Reply wrong = api.post("/api/v1/projects", project, with(cookie_only(adviser), "X-CSRF-Token", "feil-token"));
  check_problem(wrong, 403);
  Reply empty = api.post("/api/v1/projects", project, with(cookie_only(adviser), "X-CSRF-Token", ""));
  check_problem(empty, 403);
  // Another session's token is not this session's token.
  Reply others = api.post("/api/v1/projects", project,
                          with(cookie_only(adviser), "X-CSRF-Token", server.identity(Role::admin).csrf_token));
  check_problem(others, 403);
  CHECK(api.project_total() == 0);

  Reply right = api.post("/api/v1/projects", project, adviser.headers());
  CHECK(right.status == 201);
  CHECK(api.project_total() == 1);

  // Reading needs no token.
  Reply read = api.get("/api/v1/projects", cookie_only(adviser));
  CHECK(read.status == 200);
  CHECK(read.json["total"] == 1);

  // A bearer token is never sent by a browser on its own: its writes need no CSRF token.
  Reply token = api.post("/api/v1/tokens", {{"name", "Integrasjon"}, {"role", "adviser"}}, api.as(Role::admin));
  REQUIRE(token.status == 201);
  Reply by_token = api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Fra integrasjon"}},
                            bearer(token.json["secret"].get<std::string>()));
  CHECK(by_token.status == 201);
  CHECK(api.project_total() == 2);
}

BACKEND_TEST_CASE("Repeated wrong passwords throttle the account with 429 and Retry-After, even for the right one",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string password = "et-langt-passord-4";
  add_user(api, "nina@mnu.no", "adviser", password);
  add_user(api, "anne@mnu.no", "adviser", password);

  int attempts = 0;
  Reply r;
  while (attempts < 10) {
    r = login(api, "nina@mnu.no", "feil-passord-" + std::to_string(attempts));
    ++attempts;
    if (r.status == 429) break;
    check_problem(r, 401);
  }
  INFO("429 after " << attempts << " attempts");
  CHECK(attempts == 6);  // five failures per account are allowed
  check_problem(r, 429);
  std::string retry_after = r.header("Retry-After");
  INFO("Retry-After: " << retry_after);
  REQUIRE_FALSE(retry_after.empty());
  CHECK(retry_after.find_first_not_of("0123456789") == std::string::npos);
  CHECK(std::stoll(retry_after) > 0);
  CHECK(std::stoll(retry_after) <= 15 * 60);

  // Now the right password is refused too, the same way: guessing on cannot tell a hit.
  Reply right = login(api, "nina@mnu.no", password);
  check_problem(right, 429);
  CHECK_FALSE(right.header("Retry-After").empty());
  CHECK(right.header("Set-Cookie").empty());
  CHECK(login(api, "NINA@mnu.no", password).status == 429);  // the same account however it is typed

  // Another account from the same address is not held back by it.
  CHECK(login(api, "anne@mnu.no", password).status == 201);
}

BACKEND_TEST_CASE("Changing the password needs the current one, and afterwards only the new one logs in",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string old_password = "gammelt-passord-5";
  const std::string new_password = "nytt-passord-5678";
  add_user(api, "eva@mnu.no", "adviser", old_password);
  Identity eva = identity_of(login(api, "eva@mnu.no", old_password));
  Identity elsewhere = identity_of(login(api, "eva@mnu.no", old_password));
  const std::string path = "/api/v1/session/password";

  Reply wrong =
      api.post(path, {{"current_password", "ikke-passordet-1"}, {"new_password", new_password}}, eva.headers());
  INFO(wrong.body);
  check_invalid(wrong, "current_password", "wrong");  // 400: the session itself is fine
  check_no_internal_detail(wrong.body);
  Reply weak = api.post(path, {{"current_password", old_password}, {"new_password", "kort"}}, eva.headers());
  check_invalid(weak, "new_password");
  Reply no_csrf =
      api.post(path, {{"current_password", old_password}, {"new_password", new_password}}, cookie_only(eva));
  check_problem(no_csrf, 403);
  check_invalid(api.post(path, {{"current_password", old_password}}, eva.headers()), "new_password", "required");
  // Still the old password.
  CHECK(login(api, "eva@mnu.no", old_password).status == 201);

  Reply changed = api.post(path, {{"current_password", old_password}, {"new_password", new_password}}, eva.headers());
  INFO(changed.body);
  CHECK(changed.status == 204);
  check_problem(login(api, "eva@mnu.no", old_password), 401);
  CHECK(login(api, "eva@mnu.no", new_password).status == 201);
  // Whoever knew the old password is logged out; the session that made the change goes on.
  check_problem(api.get(kSessionPath, elsewhere.headers()), 401);
  CHECK(api.get(kSessionPath, eva.headers()).status == 200);

  // A token has no password to change.
  Reply token = api.post("/api/v1/tokens", {{"name", "Uten passord"}, {"role", "adviser"}}, api.as(Role::admin));
  REQUIRE(token.status == 201);
  Reply by_token = api.post(path, {{"current_password", new_password}, {"new_password", "enda-et-passord-9"}},
                            bearer(token.json["secret"].get<std::string>()));
  check_problem(by_token, 403);
}

BACKEND_TEST_CASE("API tokens: the secret is shown once, acts with its role, is recorded in use and can be revoked",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  api.create("Synlig for ledelsen");

  Reply created = api.post("/api/v1/tokens", {{"name", "Rapportering"}, {"role", "management"}}, api.as(Role::admin));
  INFO(created.body);
  REQUIRE(created.status == 201);
  const std::string secret = created.json["secret"].get<std::string>();
  const std::int64_t id = created.json["id"].get<std::int64_t>();
  CHECK(secret.size() > 30);
  CHECK(created.json["name"] == "Rapportering");
  CHECK(created.json["role"] == "management");
  CHECK(created.json["last_used_at"].is_null());
  CHECK(created.json["revoked_at"].is_null());
  CHECK(created.header("Location").empty());  // no address answers GET for one token
  check_no_secret(created);

  auto listed_token = [&]() {
    Reply list = api.get("/api/v1/tokens", api.as(Role::admin));
    REQUIRE(list.status == 200);
    INFO(list.body);
    CHECK(list.body.find(secret) == std::string::npos);
    CHECK(list.body.find("\"secret\"") == std::string::npos);
    check_no_secret(list);
    for (const auto& t : list.json["items"])
      if (t["id"] == id) return t;
    FAIL("token " << id << " is not listed");
    return json();
  };
  CHECK(listed_token()["last_used_at"].is_null());

  // The token acts with its role's rights: management reads, but does not write.
  Reply read = api.get("/api/v1/projects", bearer(secret));
  CHECK(read.status == 200);
  CHECK(read.json["total"] == 1);
  Reply write =
      api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Fra ledelsen"}}, bearer(secret));
  check_problem(write, 403);
  check_problem(api.get("/api/v1/tokens", bearer(secret)), 403);
  CHECK(api.project_total() == 1);
  Reply who = api.get(kSessionPath, bearer(secret));
  REQUIRE(who.status == 200);
  CHECK(who.json["user"].is_null());
  CHECK(who.json["token"]["role"] == "management");
  CHECK(who.body.find(secret) == std::string::npos);

  CHECK_FALSE(listed_token()["last_used_at"].is_null());

  // Malformed or unknown tokens are refused, not treated as anonymous.
  check_problem(api.get("/api/v1/projects", bearer(secret + "x")), 401);
  check_problem(api.get("/api/v1/projects", {{"Authorization", "Basic " + secret}}), 401);

  // Revoked: 204, and the token is refused from then on.
  check_problem(remove(api, "/api/v1/tokens/" + std::to_string(id), cookie_only(server.identity(Role::admin))), 403);
  CHECK(api.get("/api/v1/projects", bearer(secret)).status == 200);
  CHECK(remove(api, "/api/v1/tokens/" + std::to_string(id), api.as(Role::admin)).status == 204);
  check_problem(api.get("/api/v1/projects", bearer(secret)), 401);
  CHECK_FALSE(listed_token()["revoked_at"].is_null());
  check_problem(remove(api, "/api/v1/tokens/987654", api.as(Role::admin)), 404);

  // Only roles that act for the organisation: a token is never an entrepreneur nor the system.
  for (const char* role : {"entrepreneur", "system", "superuser"}) {
    INFO(role);
    Reply refused = api.post("/api/v1/tokens", {{"name", "Ugyldig"}, {"role", role}}, api.as(Role::admin));
    check_invalid(refused, "role");
  }
  check_invalid(api.post("/api/v1/tokens", {{"role", "adviser"}}, api.as(Role::admin)), "name", "required");
  // Only admins create, list or revoke tokens.
  for (Role role : {Role::adviser, Role::management}) {
    Reply refused = api.post("/api/v1/tokens", {{"name", "Fra feil rolle"}, {"role", "admin"}}, api.as(role));
    check_problem(refused, 403);
    check_problem(api.get("/api/v1/tokens", api.as(role)), 403);
  }
  Reply list = api.get("/api/v1/tokens", api.as(Role::admin));
  CHECK(list.json["items"].size() == 1);
}

BACKEND_TEST_CASE("Users: admins create, disable and change roles, and identity fields cannot be written",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string password = "et-langt-passord-6";
  json user = add_user(api, "ny.radgiver@mnu.no", "adviser", password);
  const std::string path = "/api/v1/users/" + std::to_string(user["id"].get<std::int64_t>());
  CHECK(user["role"] == "adviser");
  CHECK(user["disabled"] == false);
  CHECK(user["version"] == 1);
  check_no_secret(api.get(path, api.as(Role::admin)));

  Identity fresh = identity_of(login(api, "ny.radgiver@mnu.no", password));
  CHECK(api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Ny rådgivers"}}, fresh.headers())
            .status == 201);

  // Only admins manage users.
  for (Role role : {Role::adviser, Role::management}) {
    check_problem(api.get("/api/v1/users", api.as(role)), 403);
    check_problem(
        api.post("/api/v1/users", {{"email", "x@mnu.no"}, {"role", "admin"}, {"password", "et-langt-passord-x"}},
                 api.as(role)),
        403);
    check_problem(api.patch(path, {{"role", "admin"}}, with(api.as(role), "If-Match", quoted(1))), 403);
  }
  check_problem(api.patch(path, {{"role", "admin"}}, with(fresh.headers(), "If-Match", quoted(1))), 403);

  // Fields that are not the admin's to write.
  auto admin_match = [&](std::int64_t version) { return with(api.as(Role::admin), "If-Match", quoted(version)); };
  check_invalid(api.patch(path, {{"role", "system"}}, admin_match(1)), "role");
  check_invalid(api.patch(path, {{"email", "annen@mnu.no"}}, admin_match(1)), "email", "read_only");
  check_invalid(api.patch(path, {{"password", "et-nytt-passord-1"}}, admin_match(1)), "password", "read_only");
  check_invalid(api.patch(path, {{"id", 1}}, admin_match(1)), "id", "read_only");
  check_invalid(api.patch(path, {{"version", 7}}, admin_match(1)), "version", "read_only");
  check_invalid(
      api.post("/api/v1/users", {{"email", "sys@mnu.no"}, {"role", "system"}, {"password", "et-langt-passord-s"}},
               api.as(Role::admin)),
      "role");
  Reply unchanged = api.get(path, api.as(Role::admin));
  CHECK(unchanged.json["email"] == "ny.radgiver@mnu.no");
  CHECK(unchanged.json["version"] == 1);
  CHECK(unchanged.json["role"] == "adviser");

  // A role change takes effect: the new role's rights from the next login on.
  Reply to_management = api.patch(path, {{"role", "management"}}, admin_match(1));
  INFO(to_management.body);
  REQUIRE(to_management.status == 200);
  CHECK(to_management.json["role"] == "management");
  CHECK(to_management.json["version"] == 2);
  Identity as_management = identity_of(login(api, "ny.radgiver@mnu.no", password));
  Reply me = api.get(kSessionPath, as_management.headers());
  CHECK(me.json["user"]["role"] == "management");
  check_problem(
      api.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Nå ledelse"}}, as_management.headers()),
      403);
  // The sessions from before the change were ended with it.
  check_problem(api.get(kSessionPath, fresh.headers()), 401);

  // Disabling ends the user's sessions and refuses logins; a stale If-Match is refused.
  check_problem(api.patch(path, {{"disabled", true}}, admin_match(1)), 409);
  check_problem(api.patch(path, {{"disabled", true}}, api.as(Role::admin)), 428);
  Reply disabled = api.patch(path, {{"disabled", true}}, admin_match(2));
  INFO(disabled.body);
  REQUIRE(disabled.status == 200);
  CHECK(disabled.json["disabled"] == true);
  check_problem(api.get(kSessionPath, as_management.headers()), 401);
  check_problem(api.get("/api/v1/projects", as_management.headers()), 401);
  check_problem(login(api, "ny.radgiver@mnu.no", password), 401);

  // Enabled again, the same password works.
  Reply enabled = api.patch(path, {{"disabled", false}}, admin_match(3));
  REQUIRE(enabled.status == 200);
  CHECK(login(api, "ny.radgiver@mnu.no", password).status == 201);
}

BACKEND_TEST_CASE("Invitations: an adviser invites a contact, who accepts once and sees the project",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::int64_t project = api.create("Gründerens prosjekt", {{"adviser", "test.adviser@mnu.no"}})["id"];
  const std::int64_t other = api.create("Et annet prosjekt")["id"];
  const std::string contacts = Api::project_path(project) + "/contacts";
  const std::string invitations = Api::project_path(project) + "/invitations";
  Reply contact = api.post(contacts, {{"name", "Siri Gründer"}, {"email", "Siri@Bedrift.no"}});
  REQUIRE(contact.status == 201);
  Reply without_email = api.post(contacts, {{"name", "Uten Epost"}});
  REQUIRE(without_email.status == 201);
  Reply other_contact = api.post(Api::project_path(other) + "/contacts", {{"name", "Annen"}, {"email", "a@b.no"}});
  REQUIRE(other_contact.status == 201);

  // A contact without an email address cannot be invited: the email becomes the login.
  Reply no_email = api.post(invitations, {{"contact_id", without_email.json["id"]}});
  check_problem(no_email, 400);
  CHECK(names_error(no_email, "contact_id"));
  CHECK(lowercase(no_email.json["detail"].get<std::string>()).find("email") != std::string::npos);
  // A contact of another project is not this project's.
  check_problem(api.post(invitations, {{"contact_id", other_contact.json["id"]}}), 404);
  check_problem(api.post(invitations, {{"contact_id", 987654}}), 404);
  // Management does not invite.
  check_problem(api.post(invitations, {{"contact_id", contact.json["id"]}}, api.as(Role::management)), 403);

  Reply invitation = api.post(invitations, {{"contact_id", contact.json["id"]}});
  INFO(invitation.body);
  REQUIRE(invitation.status == 201);
  const std::string token = invitation.json["token"].get<std::string>();
  CHECK(token.size() >= 20);
  CHECK(invitation.json["link"].get<std::string>().find(token) != std::string::npos);
  CHECK(invitation.json["email"] == "siri@bedrift.no");
  CHECK(invitation.json["project_id"] == project);
  // The list shows the invitation, never its secret.
  Reply listed = api.get(invitations);
  REQUIRE(listed.status == 200);
  CHECK(listed.json["items"].size() == 1);
  CHECK(listed.body.find(token) == std::string::npos);

  // The link's page shows what the contact is invited to, to anyone holding the link.
  Reply preview = api.post("/api/v1/invitations/preview", {{"token", token}}, kAnonymous);
  INFO(preview.body);
  REQUIRE(preview.status == 200);
  CHECK(preview.json["project_title"] == "Gründerens prosjekt");
  CHECK(preview.json["contact_name"] == "Siri Gründer");
  CHECK(preview.json["email"] == "siri@bedrift.no");
  CHECK(preview.json["existing_account"] == false);
  check_problem(api.post("/api/v1/invitations/preview", {{"token", token + "x"}}, kAnonymous), 404);

  // Accepting sets the password, which must be long enough.
  Reply short_password = api.post("/api/v1/invitations/accept", {{"token", token}, {"password", "kort"}}, kAnonymous);
  check_invalid(short_password, "password");
  check_invalid(api.post("/api/v1/invitations/accept", {{"token", token}}, kAnonymous), "password", "required");
  check_problem(
      api.post("/api/v1/invitations/accept", {{"token", "ukjent"}, {"password", "et-langt-passord-7"}}, kAnonymous),
      404);

  Reply accepted =
      api.post("/api/v1/invitations/accept", {{"token", token}, {"password", "et-langt-passord-7"}}, kAnonymous);
  Identity siri = identity_of(accepted);
  CHECK(accepted.json["user"]["role"] == "entrepreneur");
  CHECK(accepted.json["user"]["email"] == "siri@bedrift.no");
  CHECK(accepted.header("Set-Cookie").find("HttpOnly") != std::string::npos);
  check_no_secret(accepted);

  // The link works once.
  Reply again =
      api.post("/api/v1/invitations/accept", {{"token", token}, {"password", "et-annet-passord-8"}}, kAnonymous);
  check_problem(again, 404);
  check_problem(api.post("/api/v1/invitations/preview", {{"token", token}}, kAnonymous), 404);
  // The contact cannot be invited a second time: it has its account.
  CHECK(api.post(invitations, {{"contact_id", contact.json["id"]}}).status == 409);

  // The entrepreneur sees the project, and only that one.
  Reply projects = api.get("/api/v1/projects", siri.headers());
  REQUIRE(projects.status == 200);
  CHECK(projects.json["total"] == 1);
  REQUIRE(projects.json["items"].size() == 1);
  CHECK(projects.json["items"][0]["id"] == project);
  // And logs in with the password set on accepting.
  Reply login_again = login(api, "siri@bedrift.no", "et-langt-passord-7");
  CHECK(login_again.status == 201);
  CHECK(login_again.json["user"]["role"] == "entrepreneur");
}

BACKEND_TEST_CASE("The audit log records logins, tokens, invitations and refusals, for admins only, without secrets",
                  "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  const std::string wrong_password = "feil-passord-AUDIT-1";
  const std::int64_t project = api.create("Revidert prosjekt", {{"adviser", "test.adviser@mnu.no"}})["id"];

  // login (the identities), login_failed, logout
  check_problem(login(api, "test.adviser@mnu.no", wrong_password), 401);
  Identity leaving = server.login("test.adviser@mnu.no", TestServer::kPassword);
  REQUIRE(remove(api, kSessionPath, leaving.headers()).status == 204);
  // token_created, token_used, token_revoked
  Reply token = api.post("/api/v1/tokens", {{"name", "Revisjon"}, {"role", "adviser"}}, api.as(Role::admin));
  REQUIRE(token.status == 201);
  const std::string secret = token.json["secret"].get<std::string>();
  REQUIRE(api.get("/api/v1/projects", bearer(secret)).status == 200);
  REQUIRE(remove(api, "/api/v1/tokens/" + std::to_string(token.json["id"].get<std::int64_t>()), api.as(Role::admin))
              .status == 204);
  // invitation_created, invitation_accepted
  Reply contact = api.post(Api::project_path(project) + "/contacts", {{"name", "Gunn"}, {"email", "gunn@bedrift.no"}});
  REQUIRE(contact.status == 201);
  Reply invitation = api.post(Api::project_path(project) + "/invitations", {{"contact_id", contact.json["id"]}});
  REQUIRE(invitation.status == 201);
  const std::string invitation_token = invitation.json["token"].get<std::string>();
  Reply accepted = api.post("/api/v1/invitations/accept",
                            {{"token", invitation_token}, {"password", TestServer::kPassword}}, kAnonymous);
  Identity gunn = identity_of(accepted);
  // permission_denied: only admins read the audit log
  for (Role role : {Role::adviser, Role::management}) check_problem(api.get("/api/v1/audit", api.as(role)), 403);
  check_problem(api.get("/api/v1/audit", gunn.headers()), 403);
  check_problem(api.get("/api/v1/audit", bearer(secret)), 401);
  check_problem(api.get("/api/v1/audit", kAnonymous), 401);

  // Every entry, page by page.
  std::vector<json> entries;
  std::set<std::int64_t> ids;
  std::string cursor;
  int pages = 0;
  do {
    Reply page = api.get("/api/v1/audit?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), api.as(Role::admin));
    INFO(page.body);
    REQUIRE(page.status == 200);
    CHECK(page.json["items"].size() <= 3);
    for (const auto& e : page.json["items"]) {
      CHECK(ids.insert(e["id"].get<std::int64_t>()).second);  // no entry twice
      if (!entries.empty())
        CHECK(e["id"].get<std::int64_t>() < entries.back()["id"].get<std::int64_t>());  // newest first
      entries.push_back(e);
    }
    cursor = page.json["next_cursor"].is_string() ? page.json["next_cursor"].get<std::string>() : "";
    REQUIRE(++pages < 100);
  } while (!cursor.empty());
  CHECK(pages > 1);
  Reply all = api.get("/api/v1/audit?limit=500", api.as(Role::admin));
  REQUIRE(all.status == 200);
  CHECK(all.json["items"].size() == entries.size());
  CHECK(all.json["total"].get<std::size_t>() >= entries.size());
  CHECK(all.json["items"][0]["id"] == entries.front()["id"]);

  const std::set<std::string> expected_kinds = {"login",
                                                "login_failed",
                                                "logout",
                                                "token_created",
                                                "token_used",
                                                "token_revoked",
                                                "invitation_created",
                                                "invitation_accepted",
                                                "permission_denied"};
  std::set<std::string> seen;
  for (const json& e : entries) {
    const std::string kind = e["kind"].get<std::string>();
    if (expected_kinds.count(kind) == 0) continue;
    seen.insert(kind);
    INFO(e.dump());
    CHECK(e["address"] == "127.0.0.1");
    CHECK_FALSE(e.value("actor", "").empty());
    CHECK_FALSE(e.value("at", "").empty());
  }
  for (const std::string& kind : expected_kinds) {
    INFO("no audit entry of kind " << kind);
    CHECK(seen.count(kind) == 1);
  }
  auto actors_of = [&](const std::string& kind) {
    std::set<std::string> actors;
    for (const json& e : entries)
      if (e["kind"] == kind) actors.insert(e["actor"].get<std::string>());
    return actors;
  };
  CHECK(actors_of("login_failed").count("test.adviser@mnu.no") == 1);
  CHECK(actors_of("invitation_accepted").count("gunn@bedrift.no") == 1);
  CHECK(actors_of("token_created").count("test.admin@mnu.no") == 1);
  CHECK(actors_of("permission_denied").count("test.management@mnu.no") == 1);

  // Filtering by kind.
  Reply logins = api.get("/api/v1/audit?kind=login_failed&limit=500", api.as(Role::admin));
  REQUIRE(logins.status == 200);
  CHECK_FALSE(logins.json["items"].empty());
  for (const auto& e : logins.json["items"]) CHECK(e["kind"] == "login_failed");
  CHECK(logins.json["total"] == logins.json["items"].size());
  check_invalid(api.get("/api/v1/audit?cursor=projects.3", api.as(Role::admin)), "cursor");
  check_invalid(api.get("/api/v1/audit?limit=0", api.as(Role::admin)), "limit");

  // No secret is written down: not a token, an invitation link, a session id or a password.
  const std::string text = all.body;
  for (const std::string& s :
       {secret, invitation_token, wrong_password, std::string(TestServer::kPassword),
        leaving.cookie.substr(leaving.cookie.find('=') + 1), gunn.cookie.substr(gunn.cookie.find('=') + 1),
        leaving.csrf_token, std::string("$argon2")}) {
    INFO("the audit log holds a secret: " << s);
    CHECK(text.find(s) == std::string::npos);
  }
}

BACKEND_TEST_CASE("Another site's page gets no CORS permission, whatever it sends", "[http][access]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);
  httplib::Headers cross_site = server.as(facilitator::core::Role::adviser);
  cross_site.emplace("Origin", "https://evil.example");
  // check_every_response asserts that no Access-Control-Allow-Origin comes back.
  CHECK(api.get("/api/v1/projects", cross_site).status == 200);
  Reply preflight = api.request("OPTIONS", "/api/v1/projects", "",
                                {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}}, "");
  CHECK(preflight.status >= 400);
  CHECK(preflight.header("Access-Control-Allow-Methods").empty());
}
