// Accounts on both backends (docs/design.md#accounts): users, web sessions, API tokens,
// entrepreneur invitations, the audit log, and the tie between a project's contact person and an
// entrepreneur's account that an entrepreneur's access rests on.

#include <soci/soci.h>

#include <type_traits>

#include "core/storage/database_url.hpp"
#include "core/storage/migrations.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
using facilitator::core::ApiToken;
using facilitator::core::AuditEntry;
using facilitator::core::AuditQuery;
using facilitator::core::Contact;
using facilitator::core::ContactId;
using facilitator::core::Invitation;
using facilitator::core::ProjectQuery;
using facilitator::core::Session;
using facilitator::core::Store;
using facilitator::core::Transaction;
using facilitator::core::User;
using facilitator::core::UserId;

namespace {

/// A moment `seconds` after the fixture clock's start.
Timestamp at(std::int64_t seconds) { return facilitator::core::from_millis(SteppingClock::kStart + seconds * 1000); }

User new_user(const std::string& email, Role role = Role::entrepreneur) {
  User u;
  u.email = email;
  u.name = "Ola Nordmann";
  u.role = role;
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  u.version = 1;
  u.created_at = at(0);
  u.updated_at = at(0);
  return u;
}

Session new_session(const std::string& id_hash, UserId user, Timestamp last_seen, Timestamp expires) {
  return Session{.id_hash = id_hash,
                 .user_id = user,
                 .csrf_token = "csrf-" + id_hash,
                 .created_at = at(0),
                 .last_seen_at = last_seen,
                 .expires_at = expires,
                 .address = "192.0.2.10"};
}

ApiToken new_token(const std::string& name, const std::string& hash, Role role = Role::management) {
  ApiToken t;
  t.name = name;
  t.role = role;
  t.token_hash = hash;
  t.prefix = "fac_" + hash.substr(0, 4);
  t.created_by = "admin@mnu.no";
  t.created_at = at(0);
  return t;
}

Invitation new_invitation(const std::string& hash, ProjectId project, ContactId contact, Timestamp created) {
  Invitation i;
  i.token_hash = hash;
  i.project_id = project;
  i.contact_id = contact;
  i.email = "ola@bakeri.no";
  i.created_by = "kari@mnu.no";
  i.created_at = created;
  i.expires_at = created + std::chrono::days{7};
  return i;
}

Contact new_contact(ProjectId project, const std::string& name) {
  Contact c;
  c.project_id = project;
  c.name = name;
  c.email = "ola@bakeri.no";
  c.role = "gründer";
  c.version = 1;
  c.created_at = at(0);
  c.updated_at = at(0);
  return c;
}

/// Runs `work` in one transaction of `store` and returns what it returns.
template <class Work>
auto in_transaction(Store& store, bool writes, Work work) {
  using Result = std::invoke_result_t<Work, Transaction&>;
  auto run = [&](const std::function<void(Transaction&)>& body) { writes ? store.write(body) : store.read(body); };
  if constexpr (std::is_void_v<Result>) {
    run([&](Transaction& tx) { work(tx); });
  } else {
    std::optional<Result> result;
    run([&](Transaction& tx) { result = work(tx); });
    return std::move(*result);
  }
}

template <class Work>
auto write(Store& store, Work work) {
  return in_transaction(store, true, work);
}

template <class Work>
auto read(Store& store, Work work) {
  return in_transaction(store, false, work);
}

std::vector<std::int64_t> ids_of(const std::vector<Project>& projects) {
  std::vector<std::int64_t> ids;
  for (const auto& p : projects) ids.push_back(p.id);
  return ids;
}

std::vector<std::string> kinds_of(const std::vector<AuditEntry>& entries) {
  std::vector<std::string> kinds;
  for (const auto& e : entries) kinds.push_back(e.kind);
  return kinds;
}

}  // namespace

BACKEND_TEST_CASE("A user's email is taken once whatever its case, and a stale update changes nothing",
                  "[storage][accounts]") {
  TestDatabase db(backend);
  Store& store = db.store();
  UserId ola = write(store, [](Transaction& tx) { return tx.users().insert(new_user("ola@bakeri.no")); });

  for (const char* email : {"ola@bakeri.no", "OLA@Bakeri.NO"}) {
    INFO(email);
    auto taken =
        thrown<DomainError>([&] { write(store, [&](Transaction& tx) { tx.users().insert(new_user(email)); }); });
    REQUIRE(taken);
    CHECK(taken->code() == ErrorCode::duplicate);
    CHECK(error_fields(*taken) == std::vector<std::string>{"email"});
  }

  User stored = *read(store, [&](Transaction& tx) { return tx.users().find(ola); });
  CHECK(stored.id == ola);
  CHECK(stored.email == "ola@bakeri.no");
  CHECK(stored.name == "Ola Nordmann");
  CHECK(stored.role == Role::entrepreneur);
  CHECK(stored.password_hash == new_user("x").password_hash);
  CHECK_FALSE(stored.disabled);
  CHECK(stored.version == 1);
  CHECK(stored.created_at == at(0));
  CHECK(stored.updated_at == at(0));
  CHECK_FALSE(stored.last_login_at);
  CHECK(read(store, [](Transaction& tx) { return tx.users().find_by_email("OLA@BAKERI.NO"); })->id == ola);
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.users().find_by_email("kari@mnu.no"); }));
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.users().find(4711); }));

  User changed = stored;
  changed.name = "Ola N. Nordmann";
  changed.disabled = true;
  changed.version = 2;
  changed.updated_at = at(5);
  CHECK(write(store, [&](Transaction& tx) { return tx.users().update(changed, 1); }));
  User stale = stored;  // a second admin who read version 1
  stale.name = "Stale";
  stale.role = Role::admin;
  stale.version = 2;
  CHECK_FALSE(write(store, [&](Transaction& tx) { return tx.users().update(stale, 1); }));
  User now = *read(store, [&](Transaction& tx) { return tx.users().find(ola); });
  CHECK(now.name == "Ola N. Nordmann");
  CHECK(now.role == Role::entrepreneur);
  CHECK(now.disabled);
  CHECK(now.version == 2);
  CHECK(now.updated_at == at(5));

  // A login is not an edit: it does not move the version an admin's change expects.
  write(store, [&](Transaction& tx) { tx.users().record_login(ola, at(60)); });
  now = *read(store, [&](Transaction& tx) { return tx.users().find(ola); });
  CHECK(now.last_login_at == at(60));
  CHECK(now.version == 2);

  UserId kari = write(store, [](Transaction& tx) { return tx.users().insert(new_user("kari@mnu.no", Role::adviser)); });
  User renamed = *read(store, [&](Transaction& tx) { return tx.users().find(kari); });
  renamed.email = "ola@bakeri.no";
  renamed.version = 2;
  auto clash = thrown<DomainError>([&] { write(store, [&](Transaction& tx) { tx.users().update(renamed, 1); }); });
  REQUIRE(clash);
  CHECK(clash->code() == ErrorCode::duplicate);

  auto users = read(store, [](Transaction& tx) { return tx.users().list(); });
  REQUIRE(users.size() == 2);
  CHECK(users[0].id == ola);
  CHECK(users[1].id == kari);
  CHECK(users[1].email == "kari@mnu.no");
  CHECK(users[1].role == Role::adviser);
}

BACKEND_TEST_CASE("Sessions are found by their hash, touched forwards only, and end one, per user or when expired",
                  "[storage][accounts]") {
  TestDatabase db(backend);
  Store& store = db.store();
  UserId ola = write(store, [](Transaction& tx) { return tx.users().insert(new_user("ola@bakeri.no")); });
  UserId kari = write(store, [](Transaction& tx) { return tx.users().insert(new_user("kari@mnu.no", Role::adviser)); });
  write(store, [&](Transaction& tx) {
    tx.sessions().insert(new_session("h1", ola, at(0), at(43200)));
    tx.sessions().insert(new_session("h2", ola, at(0), at(43200)));
    tx.sessions().insert(new_session("h3", kari, at(0), at(43200)));
  });

  Session h1 = *read(store, [](Transaction& tx) { return tx.sessions().find("h1"); });
  CHECK(h1.id_hash == "h1");
  CHECK(h1.user_id == ola);
  CHECK(h1.csrf_token == "csrf-h1");
  CHECK(h1.created_at == at(0));
  CHECK(h1.last_seen_at == at(0));
  CHECK(h1.expires_at == at(43200));
  CHECK(h1.address == "192.0.2.10");
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.sessions().find("unknown"); }));

  auto again = thrown<DomainError>(
      [&] { write(store, [&](Transaction& tx) { tx.sessions().insert(new_session("h1", kari, at(1), at(2))); }); });
  REQUIRE(again);
  CHECK(again->code() == ErrorCode::duplicate);
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("h1"); })->user_id == ola);

  // A session of a user that does not exist is a broken reference, not a taken value.
  bool domain_error = false, database_error = false;
  try {
    write(store, [&](Transaction& tx) { tx.sessions().insert(new_session("h9", 4711, at(0), at(1))); });
  } catch (const DomainError&) {
    domain_error = true;
  } catch (const std::exception&) {
    database_error = true;
  }
  CHECK_FALSE(domain_error);
  CHECK(database_error);

  write(store, [](Transaction& tx) { tx.sessions().touch("h1", at(100)); });
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("h1"); })->last_seen_at == at(100));
  write(store, [](Transaction& tx) { tx.sessions().touch("h1", at(50)); });  // a slower request finishing late
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("h1"); })->last_seen_at == at(100));

  write(store, [](Transaction& tx) { tx.sessions().remove("h1"); });
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.sessions().find("h1"); }));
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("h2"); }));
  write(store, [](Transaction& tx) { tx.sessions().remove("h1"); });  // gone already: nothing to do

  write(store, [&](Transaction& tx) { tx.sessions().remove_for_user(ola); });
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.sessions().find("h2"); }));
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("h3"); }));
  write(store, [](Transaction& tx) { tx.sessions().remove("h3"); });

  // Now at(2000), with sessions idle since before at(900) ending.
  write(store, [&](Transaction& tx) {
    tx.sessions().insert(new_session("fresh", ola, at(1000), at(50000)));
    tx.sessions().insert(new_session("idle", ola, at(100), at(50000)));
    tx.sessions().insert(new_session("old", kari, at(1900), at(1500)));
    tx.sessions().insert(new_session("edge", kari, at(900), at(2000)));  // neither is *before* the limit
  });
  CHECK(write(store, [](Transaction& tx) { return tx.sessions().remove_expired(at(2000), at(900)); }) == 2);
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("fresh"); }));
  CHECK(read(store, [](Transaction& tx) { return tx.sessions().find("edge"); }));
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.sessions().find("idle"); }));
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.sessions().find("old"); }));
  CHECK(write(store, [](Transaction& tx) { return tx.sessions().remove_expired(at(2000), at(900)); }) == 0);
}

BACKEND_TEST_CASE("An API token is found by its hash, records its use, and is revoked once", "[storage][accounts]") {
  TestDatabase db(backend);
  Store& store = db.store();
  std::int64_t report =
      write(store, [](Transaction& tx) { return tx.tokens().insert(new_token("kommunens rapportuttrekk", "th1abc")); });
  std::int64_t crm =
      write(store, [](Transaction& tx) { return tx.tokens().insert(new_token("CRM", "th2def", Role::adviser)); });

  auto taken = thrown<DomainError>(
      [&] { write(store, [](Transaction& tx) { tx.tokens().insert(new_token("copy", "th1abc")); }); });
  REQUIRE(taken);
  CHECK(taken->code() == ErrorCode::duplicate);

  ApiToken found = *read(store, [](Transaction& tx) { return tx.tokens().find_by_hash("th1abc"); });
  CHECK(found.id == report);
  CHECK(found.name == "kommunens rapportuttrekk");
  CHECK(found.role == Role::management);
  CHECK(found.token_hash == "th1abc");
  CHECK(found.prefix == "fac_th1a");
  CHECK(found.created_by == "admin@mnu.no");
  CHECK(found.created_at == at(0));
  CHECK_FALSE(found.last_used_at);
  CHECK_FALSE(found.revoked_at);
  CHECK(read(store, [&](Transaction& tx) { return tx.tokens().find(crm); })->role == Role::adviser);
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.tokens().find_by_hash("th1ab"); }));

  write(store, [&](Transaction& tx) { tx.tokens().record_use(report, at(10)); });
  write(store, [&](Transaction& tx) { tx.tokens().record_use(report, at(5)); });  // an older request finishing late
  CHECK(read(store, [&](Transaction& tx) { return tx.tokens().find(report); })->last_used_at == at(10));

  CHECK(write(store, [&](Transaction& tx) { return tx.tokens().revoke(report, at(20)); }));
  CHECK_FALSE(write(store, [&](Transaction& tx) { return tx.tokens().revoke(report, at(30)); }));
  CHECK_FALSE(write(store, [](Transaction& tx) { return tx.tokens().revoke(4711, at(30)); }));
  CHECK(read(store, [&](Transaction& tx) { return tx.tokens().find(report); })->revoked_at == at(20));

  auto tokens = read(store, [](Transaction& tx) { return tx.tokens().list(); });
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].id == report);
  CHECK(tokens[0].revoked_at == at(20));
  CHECK(tokens[1].id == crm);
  CHECK_FALSE(tokens[1].revoked_at);
}

BACKEND_TEST_CASE("An invitation is used once, listed newest first, and goes with its contact", "[storage][accounts]") {
  Fixture f(backend);
  Store& store = f.db().store();
  ProjectId bakery = f.create("Bakeri i Moss").project.id;
  ProjectId workshop = f.create("Sykkelverksted i Rygge").project.id;
  ContactId ola = write(store, [&](Transaction& tx) { return tx.contacts().insert(new_contact(bakery, "Ola")); });
  ContactId siri = write(store, [&](Transaction& tx) { return tx.contacts().insert(new_contact(workshop, "Siri")); });
  UserId account = write(store, [](Transaction& tx) { return tx.users().insert(new_user("ola@bakeri.no")); });
  UserId other = write(store, [](Transaction& tx) { return tx.users().insert(new_user("per@bakeri.no")); });

  std::int64_t first =
      write(store, [&](Transaction& tx) { return tx.invitations().insert(new_invitation("ih1", bakery, ola, at(0))); });
  std::int64_t second = write(
      store, [&](Transaction& tx) { return tx.invitations().insert(new_invitation("ih2", bakery, ola, at(10))); });
  std::int64_t elsewhere = write(
      store, [&](Transaction& tx) { return tx.invitations().insert(new_invitation("ih3", workshop, siri, at(20))); });
  auto taken = thrown<DomainError>([&] {
    write(store, [&](Transaction& tx) { tx.invitations().insert(new_invitation("ih1", workshop, siri, at(30))); });
  });
  REQUIRE(taken);
  CHECK(taken->code() == ErrorCode::duplicate);

  Invitation found = *read(store, [](Transaction& tx) { return tx.invitations().find_by_hash("ih1"); });
  CHECK(found.id == first);
  CHECK(found.token_hash == "ih1");
  CHECK(found.project_id == bakery);
  CHECK(found.contact_id == ola);
  CHECK(found.email == "ola@bakeri.no");
  CHECK(found.created_by == "kari@mnu.no");
  CHECK(found.created_at == at(0));
  CHECK(found.expires_at == at(7 * 24 * 3600));
  CHECK_FALSE(found.used_at);
  CHECK_FALSE(found.user_id);
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.invitations().find_by_hash("ih9"); }));

  CHECK(write(store, [&](Transaction& tx) { return tx.invitations().mark_used(first, at(100), account); }));
  CHECK_FALSE(write(store, [&](Transaction& tx) { return tx.invitations().mark_used(first, at(200), other); }));
  found = *read(store, [](Transaction& tx) { return tx.invitations().find_by_hash("ih1"); });
  CHECK(found.used_at == at(100));
  CHECK(found.user_id == account);

  auto listed = read(store, [&](Transaction& tx) { return tx.invitations().list(bakery); });
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == second);
  CHECK(listed[1].id == first);
  auto theirs = read(store, [&](Transaction& tx) { return tx.invitations().list(workshop); });
  REQUIRE(theirs.size() == 1);
  CHECK(theirs[0].id == elsewhere);

  // Deleting a contact that was invited works, and takes only its own invitations; a stale
  // version deletes neither the contact nor its invitations.
  CHECK_FALSE(write(store, [&](Transaction& tx) { return tx.contacts().remove(bakery, ola, 7); }));
  CHECK(read(store, [&](Transaction& tx) { return tx.invitations().list(bakery); }).size() == 2);
  CHECK(write(store, [&](Transaction& tx) { return tx.contacts().remove(bakery, ola, 1); }));
  CHECK_FALSE(read(store, [&](Transaction& tx) { return tx.contacts().find(bakery, ola); }));
  CHECK(read(store, [&](Transaction& tx) { return tx.invitations().list(bakery); }).empty());
  CHECK_FALSE(read(store, [](Transaction& tx) { return tx.invitations().find_by_hash("ih1"); }));
  CHECK(read(store, [&](Transaction& tx) { return tx.invitations().list(workshop); }).size() == 1);
}

BACKEND_TEST_CASE("The audit log lists newest first, filters by kind and actor, and pages backwards",
                  "[storage][accounts]") {
  TestDatabase db(backend);
  Store& store = db.store();
  const std::vector<std::pair<std::string, std::string>> lines{{"login", "ola@bakeri.no"},
                                                               {"login_failed", "ola@bakeri.no"},
                                                               {"login", "kari@mnu.no"},
                                                               {"token_created", "admin@mnu.no"},
                                                               {"login", "ola@bakeri.no"}};
  for (std::size_t i = 0; i < lines.size(); ++i)
    write(store, [&](Transaction& tx) {
      tx.audit().append(AuditEntry{.at = at(static_cast<std::int64_t>(i)),
                                   .kind = lines[i].first,
                                   .actor = lines[i].second,
                                   .address = "192.0.2.10",
                                   .detail = "line " + std::to_string(i) + ": «ærlig»"});
    });

  auto all = read(store, [](Transaction& tx) { return tx.audit().list({}); });
  REQUIRE(all.size() == 5);
  CHECK(kinds_of(all) == std::vector<std::string>{"login", "token_created", "login", "login_failed", "login"});
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].id > all[i].id);
  CHECK(all[0].at == at(4));
  CHECK(all[0].actor == "ola@bakeri.no");
  CHECK(all[0].address == "192.0.2.10");
  CHECK(all[0].detail == "line 4: «ærlig»");
  CHECK(all[4].at == at(0));

  AuditQuery logins;
  logins.kind = "login";
  auto by_kind = read(store, [&](Transaction& tx) { return tx.audit().list(logins); });
  REQUIRE(by_kind.size() == 3);
  CHECK(by_kind[0].id == all[0].id);
  CHECK(by_kind[1].actor == "kari@mnu.no");
  CHECK(by_kind[2].id == all[4].id);

  AuditQuery ola;
  ola.actor = "ola@bakeri.no";
  CHECK(kinds_of(read(store, [&](Transaction& tx) { return tx.audit().list(ola); })) ==
        std::vector<std::string>{"login", "login_failed", "login"});
  AuditQuery ola_logins = ola;
  ola_logins.kind = "login";
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().list(ola_logins); }).size() == 2);

  // Pages of two logins, newest first, each page older than the last entry of the previous one.
  AuditQuery page = logins;
  page.limit = 2;
  auto first = read(store, [&](Transaction& tx) { return tx.audit().list(page); });
  REQUIRE(first.size() == 2);
  CHECK(first[0].id == by_kind[0].id);
  CHECK(first[1].id == by_kind[1].id);
  page.before_id = first.back().id;
  auto second = read(store, [&](Transaction& tx) { return tx.audit().list(page); });
  REQUIRE(second.size() == 1);
  CHECK(second[0].id == by_kind[2].id);
  page.before_id = second.back().id;
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().list(page); }).empty());

  // A count is of the filters, not of the page.
  CHECK(read(store, [](Transaction& tx) { return tx.audit().count({}); }) == 5);
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().count(logins); }) == 3);
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().count(page); }) == 3);
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().count(ola_logins); }) == 2);
  AuditQuery logouts;
  logouts.kind = "logout";
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().count(logouts); }) == 0);
  CHECK(read(store, [&](Transaction& tx) { return tx.audit().list(logouts); }).empty());
}

BACKEND_TEST_CASE("A contact tied to an account gives that user its projects, and edits keep the tie",
                  "[storage][accounts]") {
  Fixture f(backend);
  Store& store = f.db().store();
  ProjectId bakery = f.create("Bakeri i Moss").project.id;
  ProjectId workshop = f.create("Sykkelverksted i Rygge").project.id;
  ProjectId cafe = f.create("Kafé på Jeløy").project.id;
  UserId ola = write(store, [](Transaction& tx) { return tx.users().insert(new_user("ola@bakeri.no")); });
  UserId per = write(store, [](Transaction& tx) { return tx.users().insert(new_user("per@bakeri.no")); });
  ContactId at_bakery = write(store, [&](Transaction& tx) { return tx.contacts().insert(new_contact(bakery, "Ola")); });
  ContactId also_at_bakery =
      write(store, [&](Transaction& tx) { return tx.contacts().insert(new_contact(bakery, "Ola (privat)")); });
  ContactId at_workshop =
      write(store, [&](Transaction& tx) { return tx.contacts().insert(new_contact(workshop, "Siri")); });
  ContactId at_cafe = write(store, [&](Transaction& tx) { return tx.contacts().insert(new_contact(cafe, "Ola")); });

  write(store, [&](Transaction& tx) {
    tx.contacts().link_user(bakery, at_bakery, ola);
    tx.contacts().link_user(bakery, also_at_bakery, ola);  // one person, two contact rows: one project
    tx.contacts().link_user(cafe, at_cafe, ola);
  });

  Contact linked = *read(store, [&](Transaction& tx) { return tx.contacts().find(bakery, at_bakery); });
  CHECK(linked.user_id == ola);
  CHECK(linked.version == 1);  // a link is not an edit: an adviser's edit in flight still applies
  auto listed = read(store, [&](Transaction& tx) { return tx.contacts().list(bakery); });
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].user_id == ola);
  CHECK_FALSE(read(store, [&](Transaction& tx) { return tx.contacts().find(workshop, at_workshop); })->user_id);

  // An edit of the contact's fields, from a caller that knows nothing of accounts, keeps the tie.
  Contact edited = linked;
  edited.user_id.reset();
  edited.phone = "+47 912 34 567";
  edited.version = 2;
  edited.updated_at = at(10);
  CHECK(write(store, [&](Transaction& tx) { return tx.contacts().update(edited, 1); }));
  Contact after_edit = *read(store, [&](Transaction& tx) { return tx.contacts().find(bakery, at_bakery); });
  CHECK(after_edit.phone == "+47 912 34 567");
  CHECK(after_edit.user_id == ola);

  // A contact written with its account (as a restore would) keeps it.
  Contact restored = new_contact(workshop, "Per");
  restored.user_id = per;
  ContactId restored_id = write(store, [&](Transaction& tx) { return tx.contacts().insert(restored); });
  CHECK(read(store, [&](Transaction& tx) { return tx.contacts().find(workshop, restored_id); })->user_id == per);

  auto has = [&](ProjectId project, UserId user) {
    return read(store, [&](Transaction& tx) { return tx.projects().has_contact_user(project, user); });
  };
  CHECK(has(bakery, ola));
  CHECK(has(cafe, ola));
  CHECK_FALSE(has(workshop, ola));
  CHECK(has(workshop, per));
  CHECK_FALSE(has(bakery, per));
  CHECK_FALSE(has(bakery, 4711));

  auto list = [&](const ProjectQuery& query) {
    return read(store, [&](Transaction& tx) { return tx.projects().list(query); });
  };
  auto count = [&](const ProjectQuery& query) {
    return read(store, [&](Transaction& tx) { return tx.projects().count(query); });
  };
  ProjectQuery mine;
  mine.contact_user = ola;
  CHECK(ids_of(list(mine)) == std::vector<std::int64_t>{bakery, cafe});
  CHECK(count(mine) == 2);
  ProjectQuery next_page = mine;
  next_page.after_id = bakery;
  CHECK(ids_of(list(next_page)) == std::vector<std::int64_t>{cafe});
  ProjectQuery mine_searched = mine;
  mine_searched.text = "kafé";
  CHECK(ids_of(list(mine_searched)) == std::vector<std::int64_t>{cafe});
  CHECK(count(mine_searched) == 1);
  ProjectQuery mine_liaison = mine;
  mine_liaison.workflow = "liaison";
  CHECK(list(mine_liaison).empty());
  CHECK(count(mine_liaison) == 0);
  ProjectQuery pers;
  pers.contact_user = per;
  CHECK(ids_of(list(pers)) == std::vector<std::int64_t>{workshop});
  ProjectQuery nobody;
  nobody.contact_user = 4711;
  CHECK(list(nobody).empty());
  CHECK(count(nobody) == 0);
  CHECK(count({}) == 3);

  // A contact of another project, or none at all, is not linked.
  for (auto [project, contact] : {std::pair{workshop, at_bakery}, std::pair{bakery, ContactId{4711}}}) {
    auto missing = thrown<DomainError>(
        [&] { write(store, [&](Transaction& tx) { tx.contacts().link_user(project, contact, per); }); });
    REQUIRE(missing);
    CHECK(missing->code() == ErrorCode::not_found);
  }
  CHECK_FALSE(has(workshop, ola));

  // A contact deleted takes the user's access to that project with it.
  CHECK(write(store, [&](Transaction& tx) { return tx.contacts().remove(cafe, at_cafe, 1); }));
  CHECK_FALSE(has(cafe, ola));
  CHECK(ids_of(list(mine)) == std::vector<std::int64_t>{bakery});
}

BACKEND_TEST_CASE("Migration 3 brings a database of version 2 up to date and keeps its contacts",
                  "[storage][migrations][accounts]") {
  using facilitator::core::storage::DatabaseUrl;
  using facilitator::core::storage::SociStore;
  TestDatabase db(backend);
  DatabaseUrl url = DatabaseUrl::parse(db.url());
  long long project = 0, contact = 0;
  {
    // The database as a release with migrations 1 and 2 left it, with a project and a contact.
    soci::session sql(backend == TestBackend::sqlite ? "sqlite3" : "postgresql", url.connect);
    sql << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT "
           "NULL)";
    for (const auto& migration : facilitator::core::storage::migrations()) {
      if (migration.version > 2) break;
      for (const std::string& statement : facilitator::core::storage::statements_for(migration, url.backend))
        sql << statement;
      std::string name(migration.name);
      long long applied_at = SteppingClock::kStart;
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
          soci::use(migration.version), soci::use(name), soci::use(applied_at);
    }
    sql << "INSERT INTO projects (workflow, title, state, version, created_at, updated_at, state_since, created_by) "
           "VALUES ('establishment', 'Bakeri i Moss', 'idea', 1, 0, 0, 0, 'kari@mnu.no') RETURNING id",
        soci::into(project);
    sql << "INSERT INTO contacts (project_id, name, email, version, created_at, updated_at) VALUES (:p, 'Ola', "
           "'ola@bakeri.no', 1, 0, 0) RETURNING id",
        soci::use(project), soci::into(contact);
  }

  auto store = facilitator::core::storage::open_store(db.url(), 1);
  CHECK(store->schema_version() == 2);
  CHECK(store->migrate() == SociStore::latest_schema_version() - 2);  // 3 and any later ones
  CHECK(store->schema_version() == SociStore::latest_schema_version());
  CHECK(store->migrate() == 0);

  Contact kept = *read(*store, [&](Transaction& tx) { return tx.contacts().find(project, contact); });
  CHECK(kept.name == "Ola");
  CHECK(kept.email == "ola@bakeri.no");
  CHECK_FALSE(kept.user_id);

  UserId ola = write(*store, [&](Transaction& tx) {
    UserId id = tx.users().insert(new_user("ola@bakeri.no"));
    tx.contacts().link_user(project, contact, id);
    return id;
  });
  CHECK(read(*store, [&](Transaction& tx) { return tx.contacts().find(project, contact); })->user_id == ola);
  ProjectQuery mine;
  mine.contact_user = ola;
  CHECK(read(*store, [&](Transaction& tx) { return tx.projects().count(mine); }) == 1);
}
