// Accounts on a real database (issue 4): logins and sessions with their expiry, the login
// throttle, API tokens, entrepreneur invitations and the audit log, through AccountService on
// SQLite and PostgreSQL with a clock the test moves.

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>

#include "core/account/secret.hpp"
#include "core/service/service_set.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
namespace core = facilitator::core;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const Actor kSystem{"system", Role::system};
const char* const kPassword = "riktig hest batteri";
const char* const kAddress = "192.0.2.10";

/// The services on a fresh database, with a clock that stands still until the test moves it.
class Accounts {
 public:
  explicit Accounts(facilitator::testing::TestBackend backend)
      : db_(backend),
        registry_(facilitator::workflows::builtin_registry()),
        now_(std::make_shared<std::atomic<std::int64_t>>(SteppingClock::kStart)),
        services_(db_.store(), registry_, clock(), settings()) {}

  core::AccountService& service() { return services_.accounts; }
  core::ServiceSet& services() { return services_; }
  core::Store& store() { return db_.store(); }

  [[nodiscard]] Timestamp now() const { return core::from_millis(now_->load()); }
  void advance(std::chrono::milliseconds by) { now_->fetch_add(by.count()); }

  core::User add(const std::string& email, Role role, const std::string& password = kPassword) {
    return service().add_user({email, "", role, password}, kSystem);
  }

  /// A project with one contact person; the contact has `email` if given.
  std::pair<core::ProjectId, core::ContactId> project_with_contact(const std::optional<std::string>& email,
                                                                   const std::string& title = "Bakeri i Moss") {
    core::NewProject request{"establishment", {}};
    request.fields.title = title;
    core::ProjectId project = services_.projects.create(std::move(request), kAdviser).project.id;
    core::ContactChanges contact;
    contact.name = "Ola Gründer";
    if (email) contact.email = std::optional<std::string>(*email);
    core::ContactId id = services_.records.add_contact(project, std::move(contact), kAdviser).id;
    return {project, id};
  }

  std::vector<core::AuditEntry> audit(const std::optional<std::string>& kind = std::nullopt) {
    core::AuditQuery query;
    query.kind = kind;
    query.limit = core::kMaxPageSize;
    return service().list_audit(query, kAdmin).items;
  }

 private:
  core::Clock clock() const {
    auto now = now_;
    return [now] { return core::from_millis(now->load()); };
  }
  static core::AccountSettings settings() {
    core::AccountSettings s;
    s.throttle.per_account = 3;
    s.throttle.per_address = 6;
    s.throttle.window = minutes(15);
    return s;  // sessions: 30 minutes idle, 12 hours absolute, invitations 7 days
  }

  TestDatabase db_;
  core::WorkflowRegistry registry_;
  std::shared_ptr<std::atomic<std::int64_t>> now_;
  core::ServiceSet services_;
};

template <class Work>
DomainError refusal(Work&& work) {
  auto e = thrown<DomainError>(std::forward<Work>(work));
  REQUIRE(e);
  return *e;
}

}  // namespace

BACKEND_TEST_CASE("a user logs in with the right password and gets a new session id every time", "[storage][account]") {
  Accounts a(backend);
  core::User kari = a.add("  Kari.Nordmann@MNU.no ", Role::adviser);
  CHECK(kari.email == "kari.nordmann@mnu.no");
  CHECK(kari.name == "kari.nordmann");
  CHECK(kari.password_hash.empty());  // hashes never leave core

  core::LoginResult first = a.service().login("KARI.nordmann@mnu.no", kPassword, kAddress);
  core::LoginResult second = a.service().login("kari.nordmann@mnu.no", kPassword, kAddress);
  CHECK(first.session_secret.size() == 43);
  CHECK(first.session_secret != second.session_secret);
  CHECK(first.session.csrf_token != second.session.csrf_token);
  CHECK(first.session.id_hash == core::sha256_hex(first.session_secret));
  CHECK(first.session.expires_at == a.now() + hours(12));
  CHECK(first.session.address == kAddress);
  CHECK(first.user.id == kari.id);
  CHECK(first.user.password_hash.empty());
  CHECK(first.user.last_login_at == a.now());

  auto current = a.service().resolve_session(first.session_secret);
  REQUIRE(current);
  CHECK(current->user.email == "kari.nordmann@mnu.no");
  Actor actor = current->actor();
  CHECK(actor.id == "kari.nordmann@mnu.no");
  CHECK(actor.role == Role::adviser);
  CHECK(actor.user_id == kari.id);
  CHECK(a.service().resolve_session(second.session_secret));
  // The database holds the hash: the hash itself opens nothing.
  CHECK_FALSE(a.service().resolve_session(first.session.id_hash));
  CHECK_FALSE(a.service().resolve_session(""));
  CHECK_FALSE(a.service().resolve_session("not a session"));
}

BACKEND_TEST_CASE("an unknown email, a wrong password and a disabled account get the same answer",
                  "[storage][account]") {
  Accounts a(backend);
  core::User ola = a.add("ola@mnu.no", Role::management);
  core::LoginResult session = a.service().login("ola@mnu.no", kPassword, kAddress);

  DomainError unknown = refusal([&] { a.service().login("nobody@mnu.no", kPassword, kAddress); });
  DomainError wrong = refusal([&] { a.service().login("ola@mnu.no", "feil passord her", kAddress); });
  CHECK(unknown.code() == ErrorCode::unauthenticated);
  CHECK(wrong.code() == unknown.code());
  CHECK(std::string(wrong.what()) == unknown.what());
  CHECK(std::string(wrong.what()).find("feil") == std::string::npos);

  core::UserChanges disable;
  disable.disabled = true;
  core::User disabled = a.service().update_user(ola.id, ola.version, disable, kAdmin, kAddress);
  CHECK(disabled.disabled);
  CHECK(disabled.version == ola.version + 1);
  CHECK_FALSE(a.service().resolve_session(session.session_secret));  // the session ended with the account
  DomainError refused = refusal([&] { a.service().login("ola@mnu.no", kPassword, kAddress); });
  CHECK(refused.code() == ErrorCode::unauthenticated);
  CHECK(std::string(refused.what()) == unknown.what());

  core::UserChanges enable;
  enable.disabled = false;
  a.service().update_user(ola.id, disabled.version, enable, kAdmin);
  CHECK(a.service().login("ola@mnu.no", kPassword, kAddress).user.id == ola.id);
}

BACKEND_TEST_CASE("changing a user's role ends their sessions, and the last admin stays one", "[storage][account]") {
  Accounts a(backend);
  core::User admin = a.add("sjef@mnu.no", Role::admin);
  core::User kari = a.add("kari@mnu.no", Role::adviser);
  core::LoginResult session = a.service().login("kari@mnu.no", kPassword, kAddress);
  core::UserChanges promote;
  promote.role = Role::management;
  CHECK(a.service().update_user(kari.id, kari.version, promote, kAdmin).role == Role::management);
  CHECK_FALSE(a.service().resolve_session(session.session_secret));

  CHECK(refusal([&] { a.service().update_user(kari.id, kari.version, promote, kAdmin); }).code() ==
        ErrorCode::version_conflict);
  core::UserChanges system_role;
  system_role.role = Role::system;
  CHECK(refusal([&] { a.service().update_user(kari.id, 2, system_role, kAdmin); }).code() == ErrorCode::invalid_input);

  core::UserChanges disable;
  disable.disabled = true;
  DomainError last = refusal([&] { a.service().update_user(admin.id, admin.version, disable, kSystem); });
  CHECK(last.code() == ErrorCode::invalid_input);
  CHECK_FALSE(a.service().get_user(admin.id, kAdmin).disabled);
}

BACKEND_TEST_CASE("a session ends after 30 idle minutes and 12 hours after login", "[storage][account]") {
  Accounts a(backend);
  a.add("kari@mnu.no", Role::adviser);

  core::LoginResult idle = a.service().login("kari@mnu.no", kPassword, kAddress);
  a.advance(minutes(29));
  REQUIRE(a.service().resolve_session(idle.session_secret));  // and records the use
  a.advance(minutes(29));
  REQUIRE(a.service().resolve_session(idle.session_secret));
  a.advance(minutes(30));
  CHECK_FALSE(a.service().resolve_session(idle.session_secret));
  a.advance(-minutes(1));
  CHECK_FALSE(a.service().resolve_session(idle.session_secret));  // removed, not just refused

  core::LoginResult busy = a.service().login("kari@mnu.no", kPassword, kAddress);
  Timestamp login = a.now();
  while (a.now() + minutes(20) < login + hours(12)) {
    a.advance(minutes(20));
    REQUIRE(a.service().resolve_session(busy.session_secret));
  }
  a.advance(login + hours(12) - a.now());
  CHECK_FALSE(a.service().resolve_session(busy.session_secret));
}

BACKEND_TEST_CASE("a session is touched at most once a minute", "[storage][account]") {
  Accounts a(backend);
  a.add("kari@mnu.no", Role::adviser);
  core::LoginResult login = a.service().login("kari@mnu.no", kPassword, kAddress);
  a.advance(seconds(30));
  CHECK(a.service().resolve_session(login.session_secret)->session.last_seen_at == login.session.last_seen_at);
  a.advance(seconds(31));
  CHECK(a.service().resolve_session(login.session_secret)->session.last_seen_at == a.now());
}

BACKEND_TEST_CASE("logout ends the session on the server", "[storage][account]") {
  Accounts a(backend);
  a.add("kari@mnu.no", Role::adviser);
  core::LoginResult one = a.service().login("kari@mnu.no", kPassword, kAddress);
  core::LoginResult two = a.service().login("kari@mnu.no", kPassword, kAddress);
  a.service().logout(one.session_secret, kAddress);
  CHECK_FALSE(a.service().resolve_session(one.session_secret));
  CHECK(a.service().resolve_session(two.session_secret));  // the other browser stays logged in
  a.service().logout(one.session_secret, kAddress);        // twice is harmless
  a.service().logout("unknown", kAddress);
  auto logouts = a.audit("logout");
  REQUIRE(logouts.size() == 1);
  CHECK(logouts[0].actor == "kari@mnu.no");
  CHECK(logouts[0].address == kAddress);
}

BACKEND_TEST_CASE("failed logins are throttled per account and per address", "[storage][account]") {
  Accounts a(backend);
  a.add("kari@mnu.no", Role::adviser);
  a.add("ola@mnu.no", Role::adviser);
  for (int i = 0; i < 3; ++i)
    CHECK(refusal([&] { a.service().login("kari@mnu.no", "feil passord her", kAddress); }).code() ==
          ErrorCode::unauthenticated);
  // Over the limit even the right password is refused, from any address, until the window has passed.
  auto limited = thrown<core::RateLimited>([&] { a.service().login("kari@mnu.no", kPassword, "198.51.100.1"); });
  REQUIRE(limited);
  CHECK(limited->code() == ErrorCode::rate_limited);
  CHECK(limited->retry_after_seconds() == 15 * 60);
  CHECK(a.service().login("ola@mnu.no", kPassword, kAddress).user.email == "ola@mnu.no");

  a.advance(minutes(15));
  CHECK(a.service().login("kari@mnu.no", kPassword, kAddress).user.email == "kari@mnu.no");

  // One address trying many accounts.
  for (int i = 0; i < 6; ++i)
    (void)thrown<DomainError>(
        [&] { a.service().login("guess" + std::to_string(i) + "@mnu.no", kPassword, "203.0.113.5"); });
  auto by_address = thrown<core::RateLimited>([&] { a.service().login("ola@mnu.no", kPassword, "203.0.113.5"); });
  REQUIRE(by_address);
  CHECK(by_address->retry_after_seconds() > 0);
  CHECK(a.service().login("ola@mnu.no", kPassword, kAddress).user.email == "ola@mnu.no");
}

BACKEND_TEST_CASE("an API token is shown once, stored as a hash, acts with its role and can be revoked",
                  "[storage][account]") {
  Accounts a(backend);
  core::CreatedToken created = a.service().create_token("kommunens rapportuttrekk", Role::management, kAdmin, kAddress);
  CHECK(created.secret.starts_with("fct_"));
  CHECK(created.secret.size() == 4 + 43);
  CHECK(created.token.prefix == created.secret.substr(4, 8));
  CHECK(created.token.created_by == kAdmin.id);
  CHECK(created.token.token_hash.empty());
  std::string stored_hash =
      a.store().read_returning([&](core::Transaction& tx) { return tx.tokens().find(created.token.id)->token_hash; });
  CHECK(stored_hash == core::sha256_hex(created.secret));

  auto tokens = a.service().list_tokens(kAdmin);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].name == "kommunens rapportuttrekk");
  CHECK(tokens[0].token_hash.empty());
  CHECK_FALSE(tokens[0].last_used_at);

  auto actor = a.service().resolve_token(created.secret, kAddress);
  REQUIRE(actor);
  CHECK(actor->id == "token:kommunens rapportuttrekk");
  CHECK(actor->role == Role::management);
  CHECK_FALSE(actor->user_id);
  CHECK(a.service().list_tokens(kAdmin)[0].last_used_at == a.now());
  a.advance(seconds(10));
  CHECK(a.service().resolve_token(created.secret, kAddress));
  CHECK(a.audit("token_used").size() == 1);  // once a minute at most
  a.advance(minutes(1));
  CHECK(a.service().resolve_token(created.secret, kAddress));
  CHECK(a.audit("token_used").size() == 2);
  CHECK(a.service().list_tokens(kAdmin)[0].last_used_at == a.now());

  CHECK_FALSE(a.service().resolve_token("fct_" + core::random_secret(32), kAddress));
  CHECK_FALSE(a.service().resolve_token(stored_hash, kAddress));
  a.service().revoke_token(created.token.id, kAdmin, kAddress);
  CHECK_FALSE(a.service().resolve_token(created.secret, kAddress));
  CHECK(a.service().list_tokens(kAdmin)[0].revoked_at == a.now());
  a.service().revoke_token(created.token.id, kAdmin, kAddress);  // twice is once
  CHECK(a.audit("token_revoked").size() == 1);
  CHECK(refusal([&] { a.service().revoke_token(999, kAdmin, kAddress); }).code() == ErrorCode::not_found);

  CHECK(refusal([&] { a.service().create_token("gründer", Role::entrepreneur, kAdmin, kAddress); }).code() ==
        ErrorCode::invalid_input);
  CHECK(refusal([&] { a.service().create_token(" ", Role::adviser, kAdmin, kAddress); }).code() ==
        ErrorCode::invalid_input);
}

BACKEND_TEST_CASE("an invitation creates an entrepreneur tied to the contact, once", "[storage][account]") {
  Accounts a(backend);
  auto [project, contact] = a.project_with_contact("Ola@Bakeri.no");
  core::CreatedInvitation invitation = a.service().invite(project, contact, kAdviser, kAddress);
  CHECK(invitation.secret.size() == 43);
  CHECK(invitation.invitation.email == "ola@bakeri.no");
  CHECK(invitation.invitation.expires_at == a.now() + hours(7 * 24));
  CHECK(invitation.invitation.token_hash.empty());
  auto listed = a.service().list_invitations(project, kAdviser);
  REQUIRE(listed.size() == 1);
  CHECK_FALSE(listed[0].used_at);

  core::InvitationView view = a.service().describe_invitation(invitation.secret);
  CHECK(view.project_title == "Bakeri i Moss");
  CHECK(view.contact_name == "Ola Gründer");
  CHECK(view.email == "ola@bakeri.no");
  CHECK_FALSE(view.existing_account);

  CHECK(refusal([&] { a.service().accept_invitation(invitation.secret, "kort", kAddress); }).code() ==
        ErrorCode::invalid_input);
  core::LoginResult login = a.service().accept_invitation(invitation.secret, "mitt eget passord", kAddress);
  CHECK(login.user.role == Role::entrepreneur);
  CHECK(login.user.email == "ola@bakeri.no");
  CHECK(login.user.name == "Ola Gründer");
  auto current = a.service().resolve_session(login.session_secret);
  REQUIRE(current);
  CHECK(current->actor().user_id == login.user.id);
  bool tied = a.store().read_returning(
      [&](core::Transaction& tx) { return tx.projects().has_contact_user(project, login.user.id); });
  CHECK(tied);
  CHECK(a.store().read_returning(
            [&](core::Transaction& tx) { return tx.contacts().find(project, contact)->user_id; }) == login.user.id);
  CHECK(a.service().list_invitations(project, kAdviser)[0].used_at == a.now());
  CHECK(a.service().login("ola@bakeri.no", "mitt eget passord", kAddress).user.id == login.user.id);

  DomainError again = refusal([&] { a.service().accept_invitation(invitation.secret, "et annet passord", kAddress); });
  DomainError unknown = refusal([&] { a.service().describe_invitation(core::random_secret(32)); });
  DomainError described = refusal([&] { a.service().describe_invitation(invitation.secret); });
  CHECK(again.code() == ErrorCode::not_found);
  CHECK(unknown.code() == ErrorCode::not_found);
  CHECK(std::string(again.what()) == unknown.what());
  CHECK(std::string(described.what()) == unknown.what());

  // The contact has an account now: a second invitation is refused.
  CHECK(refusal([&] { a.service().invite(project, contact, kAdviser, kAddress); }).code() == ErrorCode::duplicate);
}

BACKEND_TEST_CASE("an expired invitation, a contact without email and a staff email are refused",
                  "[storage][account]") {
  Accounts a(backend);
  auto [project, contact] = a.project_with_contact("kari@bakeri.no");
  core::CreatedInvitation invitation = a.service().invite(project, contact, kAdviser, kAddress);
  a.advance(hours(7 * 24));
  DomainError expired = refusal([&] { a.service().accept_invitation(invitation.secret, kPassword, kAddress); });
  CHECK(expired.code() == ErrorCode::not_found);
  CHECK(refusal([&] { a.service().describe_invitation(invitation.secret); }).code() == ErrorCode::not_found);
  CHECK(a.service().list_users(kAdmin).empty());

  auto [project2, no_email] = a.project_with_contact(std::nullopt, "Frisør på Jeløy");
  DomainError missing = refusal([&] { a.service().invite(project2, no_email, kAdviser, kAddress); });
  CHECK(missing.code() == ErrorCode::invalid_input);
  CHECK(error_fields(missing) == std::vector<std::string>{"contact_id"});

  CHECK(refusal([&] { a.service().invite(999, contact, kAdviser, kAddress); }).code() == ErrorCode::not_found);
  CHECK(refusal([&] { a.service().invite(project, 999, kAdviser, kAddress); }).code() == ErrorCode::not_found);
  CHECK(refusal([&] { a.service().invite(project, contact, kManagement, kAddress); }).code() == ErrorCode::forbidden);
  CHECK(refusal([&] { a.service().invite(project, contact, kEntrepreneur, kAddress); }).code() == ErrorCode::forbidden);

  a.add("kari@bakeri.no", Role::adviser);  // the email turns out to be a staff account's
  CHECK(refusal([&] { a.service().invite(project, contact, kAdviser, kAddress); }).code() == ErrorCode::duplicate);
}

BACKEND_TEST_CASE("an entrepreneur invited to a second project joins with their password", "[storage][account]") {
  Accounts a(backend);
  auto [first, first_contact] = a.project_with_contact("ola@bakeri.no");
  auto [second, second_contact] = a.project_with_contact("ola@bakeri.no", "Kafé i Rygge");
  core::CreatedInvitation one = a.service().invite(first, first_contact, kAdviser, kAddress);
  core::CreatedInvitation two = a.service().invite(second, second_contact, kAdviser, kAddress);
  core::LoginResult created = a.service().accept_invitation(one.secret, "mitt eget passord", kAddress);

  CHECK(a.service().describe_invitation(two.secret).existing_account);
  DomainError wrong = refusal([&] { a.service().accept_invitation(two.secret, "et annet passord", kAddress); });
  CHECK(wrong.code() == ErrorCode::unauthenticated);
  CHECK(a.service().describe_invitation(two.secret).email == "ola@bakeri.no");  // still usable

  core::LoginResult joined = a.service().accept_invitation(two.secret, "mitt eget passord", kAddress);
  CHECK(joined.user.id == created.user.id);
  CHECK(a.service().list_users(kAdmin).size() == 1);
  a.store().read([&](core::Transaction& tx) {
    CHECK(tx.projects().has_contact_user(first, created.user.id));
    CHECK(tx.projects().has_contact_user(second, created.user.id));
  });
}

BACKEND_TEST_CASE("changing one's password ends the other sessions", "[storage][account]") {
  Accounts a(backend);
  a.add("kari@mnu.no", Role::adviser);
  core::LoginResult here = a.service().login("kari@mnu.no", kPassword, kAddress);
  core::LoginResult elsewhere = a.service().login("kari@mnu.no", kPassword, "198.51.100.7");
  Actor kari = a.service().resolve_session(here.session_secret)->actor();

  CHECK(refusal([&] { a.service().change_password(kari, "feil passord her", "nytt passord 2026", kAddress); }).code() ==
        ErrorCode::invalid_input);
  CHECK(refusal([&] { a.service().change_password(kari, kPassword, "kort", kAddress); }).code() ==
        ErrorCode::invalid_input);
  CHECK(refusal([&] { a.service().change_password(kAdviser, kPassword, "nytt passord 2026", kAddress); }).code() ==
        ErrorCode::forbidden);  // no account behind it

  a.service().change_password(kari, kPassword, "nytt passord 2026", kAddress, here.session_secret);
  CHECK(a.service().resolve_session(here.session_secret));
  CHECK_FALSE(a.service().resolve_session(elsewhere.session_secret));
  CHECK(refusal([&] { a.service().login("kari@mnu.no", kPassword, kAddress); }).code() == ErrorCode::unauthenticated);
  CHECK(a.service().login("kari@mnu.no", "nytt passord 2026", kAddress).user.email == "kari@mnu.no");
}

BACKEND_TEST_CASE("users are added with valid emails, roles and passwords, each email once", "[storage][account]") {
  Accounts a(backend);
  DomainError invalid = refusal([&] { a.service().add_user({"ikke en adresse", "", Role::system, "kort"}, kSystem); });
  CHECK(invalid.code() == ErrorCode::invalid_input);
  CHECK(error_fields(invalid) == std::vector<std::string>{"email", "password", "role"});
  CHECK(refusal([&] {
          a.service().add_user({std::string(250, 'a') + "@x.no", "", Role::adviser, kPassword}, kSystem);
        }).code() == ErrorCode::invalid_input);

  core::User kari = a.service().add_user({"kari@mnu.no", "Kari Nordmann", Role::admin, kPassword}, kSystem);
  CHECK(kari.name == "Kari Nordmann");
  CHECK(refusal([&] { a.add("KARI@mnu.no", Role::adviser); }).code() == ErrorCode::duplicate);
  CHECK(a.service().find_user_by_email(" Kari@MNU.no", kSystem).id == kari.id);
  CHECK(refusal([&] { a.service().find_user_by_email("ola@mnu.no", kSystem); }).code() == ErrorCode::not_found);
  CHECK(refusal([&] { a.service().get_user(999, kAdmin); }).code() == ErrorCode::not_found);
}

BACKEND_TEST_CASE("only admins manage users and tokens and read the audit log", "[storage][account]") {
  Accounts a(backend);
  core::User kari = a.add("kari@mnu.no", Role::adviser);
  for (const Actor& actor : {kAdviser, kManagement, kEntrepreneur}) {
    INFO(core::to_string(actor.role));
    CHECK(refusal([&] { a.service().list_users(actor); }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] { a.service().get_user(kari.id, actor); }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] {
            a.service().add_user({"ny@mnu.no", "", Role::admin, kPassword}, actor);
          }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] { a.service().update_user(kari.id, kari.version, {}, actor); }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] { a.service().list_tokens(actor); }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] { a.service().create_token("x", Role::admin, actor, kAddress); }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] { a.service().revoke_token(1, actor, kAddress); }).code() == ErrorCode::forbidden);
    CHECK(refusal([&] { a.service().list_audit({}, actor); }).code() == ErrorCode::forbidden);
  }
  CHECK(a.service().list_users(kAdmin).size() == 1);
  CHECK(a.service().list_tokens(kAdmin).empty());
}

BACKEND_TEST_CASE("the audit log records every kind of account event, without secrets", "[storage][account]") {
  Accounts a(backend);
  a.service().add_user({"kari@mnu.no", "", Role::adviser, kPassword}, kAdmin, kAddress);
  core::LoginResult login = a.service().login("kari@mnu.no", kPassword, kAddress);
  CHECK_THROWS_AS(a.service().login("kari@mnu.no", "feil passord her", "198.51.100.9"), DomainError);
  CHECK_THROWS_AS(a.service().login("ukjent@mnu.no", kPassword, kAddress), DomainError);
  Actor kari = a.service().resolve_session(login.session_secret)->actor();
  a.service().change_password(kari, kPassword, "nytt passord 2026", kAddress, login.session_secret);
  a.service().logout(login.session_secret, kAddress);
  core::User user = a.service().find_user_by_email("kari@mnu.no", kAdmin);
  core::UserChanges rename;
  rename.name = "Kari Nordmann";
  a.service().update_user(user.id, user.version, rename, kAdmin, kAddress);
  core::CreatedToken token = a.service().create_token("uttrekk", Role::adviser, kAdmin, kAddress);
  (void)a.service().resolve_token(token.secret, kAddress);
  a.service().revoke_token(token.token.id, kAdmin, kAddress);
  auto [project, contact] = a.project_with_contact("ola@bakeri.no");
  core::CreatedInvitation invitation = a.service().invite(project, contact, kAdviser, kAddress);
  core::LoginResult entrepreneur = a.service().accept_invitation(invitation.secret, "mitt eget passord", kAddress);
  a.service().audit("permission_denied", "ola@bakeri.no", kAddress, "project_update on project 1");

  auto entries = a.audit();
  std::set<std::string> kinds;
  for (const auto& e : entries) kinds.insert(e.kind);
  // The contact the invitation is for is a record change of its own (contact.created).
  CHECK(kinds == std::set<std::string>{"contact.created", "invitation_accepted", "invitation_created", "login",
                                       "login_failed", "logout", "password_changed", "permission_denied",
                                       "token_created", "token_revoked", "token_used", "user_changed", "user_created"});

  auto failed = a.audit("login_failed");
  REQUIRE(failed.size() == 2);  // newest first
  CHECK(failed[0].actor == "ukjent@mnu.no");
  CHECK(failed[1].actor == "kari@mnu.no");
  CHECK(failed[1].address == "198.51.100.9");
  CHECK(failed[1].at == a.now());

  for (const auto& e : entries) {
    INFO(e.kind << " " << e.actor << " " << e.detail);
    for (const std::string& secret :
         {std::string(kPassword), std::string("nytt passord 2026"), std::string("feil passord her"),
          std::string("mitt eget passord"), login.session_secret, token.secret, invitation.secret,
          entrepreneur.session_secret, core::sha256_hex(token.secret)}) {
      CHECK(e.detail.find(secret) == std::string::npos);
      CHECK(e.actor.find(secret) == std::string::npos);
    }
  }

  // Newest first, in pages.
  core::AuditQuery first_page;
  first_page.limit = 3;
  auto page = a.service().list_audit(first_page, kAdmin);
  CHECK(page.items.size() == 3);
  CHECK(page.total == static_cast<std::int64_t>(entries.size()));
  REQUIRE(page.next_cursor);
  CHECK(page.items[0].id == entries[0].id);
  core::AuditQuery next = first_page;
  next.before_id = core::decode_cursor("audit", *page.next_cursor);
  auto second = a.service().list_audit(next, kAdmin);
  CHECK(second.items[0].id == entries[3].id);
}
