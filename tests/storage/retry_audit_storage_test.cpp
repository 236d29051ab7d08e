// Retried creations and the audit trail of every record, through the services on a real database
// (issue 18): a creation sent with an Idempotency-Key happens once however often it is sent, the
// key belongs to its caller and expires after a day; every change of a record leaves who, when,
// what and the changed fields in the audit log, in the transaction of the change.

#include <soci/soci.h>

#include <atomic>
#include <latch>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/service/service_set.hpp"
#include "core/storage/database_url.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
namespace core = facilitator::core;
using core::IdempotentReplay;
using core::Retryable;
using core::StoredAnswer;
using nlohmann::json;

namespace {

const Actor kOtherAdmin{"admin2@mnu.no", Role::admin};

/// The services on a fresh database, with a clock that stands still until the test moves it.
class Services {
 public:
  explicit Services(facilitator::testing::TestBackend backend)
      : db_(backend),
        registry_(facilitator::workflows::builtin_registry()),
        now_(std::make_shared<std::atomic<std::int64_t>>(SteppingClock::kStart)),
        set_(db_.store(), registry_, clock()) {}

  core::ServiceSet& operator*() { return set_; }
  core::ServiceSet* operator->() { return &set_; }
  TestDatabase& db() { return db_; }
  void advance(std::chrono::milliseconds by) { now_->fetch_add(by.count()); }

  ProjectId project(const std::string& title = "Bakeri i Moss") {
    core::NewProject request{"establishment", {}};
    request.fields.title = title;
    return set_.projects.create(std::move(request), kAdviser).project.id;
  }

  std::vector<core::AuditEntry> audit(const std::string& kind) {
    core::AuditQuery query;
    query.kind = kind;
    query.limit = core::kMaxPageSize;
    return set_.accounts.list_audit(query, kAdmin).items;
  }

  /// Rows of a table, read past the services.
  std::int64_t rows(const std::string& table) {
    auto url = facilitator::core::storage::DatabaseUrl::parse(db_.url());
    soci::session sql(url.backend == facilitator::core::storage::Backend::sqlite ? "sqlite3" : "postgresql",
                      url.connect);
    long long count = 0;
    sql << "SELECT COUNT(*) FROM " + table, soci::into(count);
    return count;
  }

 private:
  core::Clock clock() const {
    auto now = now_;
    return [now] { return core::from_millis(now->load()); };
  }

  TestDatabase db_;
  core::WorkflowRegistry registry_;
  std::shared_ptr<std::atomic<std::int64_t>> now_;
  core::ServiceSet set_;
};

std::string id_of(const core::ProjectView& v) { return std::to_string(v.project.id); }
std::string id_of(const core::CreatedToken& t) { return std::to_string(t.token.id); }
std::string id_of(const core::CreatedInvitation& i) { return std::to_string(i.invitation.id); }
std::string id_of(const core::ReferenceItem& i) { return i.code; }
template <class T>
std::string id_of(const T& record) {
  return std::to_string(record.id);
}

/// A creation with `key`, whose answer names what was created.
template <class T>
Retryable<T> retryable(const std::string& key, const std::string& path, const std::string& hash = "body-1") {
  return {{key, "POST", path, hash}, [](const T& created) {
            return StoredAnswer{201, "created " + id_of(created), {}};
          }};
}

/// One creating operation, checked for retry safety: `create(actor, retry)` creates a record,
/// `count()` counts the records of its kind. Unique fields (an organisation number, a code, an
/// email) make another caller's creation with the same body a duplicate; others create anew.
template <class T, class Create, class Count>
void check_created_once(const std::string& what, Create create, Count count) {
  INFO(what);
  const std::string path = "/api/v1/" + what;
  // A key of its own per kind: one caller's key used on another path is another request (refused).
  const std::string key = "key-" + what;
  Retryable<T> retry = retryable<T>(key, path);
  const std::int64_t before = count();

  T first = create(kAdmin, &retry);
  CHECK(count() == before + 1);

  for (int attempt = 0; attempt < 2; ++attempt) {
    auto replay = thrown<IdempotentReplay>([&] { create(kAdmin, &retry); });
    REQUIRE(replay);
    CHECK(replay->answer().status == 201);
    CHECK(replay->answer().body == "created " + id_of(first));
  }
  CHECK(count() == before + 1);

  // The same key for another body, or on another path, is refused and creates nothing.
  Retryable<T> other_body = retryable<T>(key, path, "body-2");
  Retryable<T> other_path = retryable<T>(key, path + "-x");
  for (const Retryable<T>* other : {&other_body, &other_path}) {
    auto reused = thrown<DomainError>([&] { create(kAdmin, other); });
    REQUIRE(reused);
    CHECK(reused->code() == ErrorCode::invalid_input);
    CHECK(error_fields(*reused) == std::vector<std::string>{"Idempotency-Key"});
  }
  CHECK(count() == before + 1);

  // Another caller's key of the same name is theirs: never the first caller's answer.
  try {
    T theirs = create(kOtherAdmin, &retry);
    CHECK(id_of(theirs) != id_of(first));
    CHECK(count() == before + 2);
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::duplicate);
    CHECK(count() == before + 1);
  }

  // Without a key every request is a new one (or a duplicate), never a replay.
  CHECK_NOTHROW(thrown<DomainError>([&] { create(kAdmin, nullptr); }));
}

}  // namespace

BACKEND_TEST_CASE("idempotency: every creating service call happens once per key, and the key is its caller's",
                  "[storage][idempotency]") {
  Services s(backend);
  const ProjectId project = s.project();
  core::ContactChanges invited;
  invited.name = "Ola Gründer";
  invited.email = std::optional<std::string>("ola@bakeri.no");
  const core::ContactId contact = s->records.add_contact(project, invited, kAdviser).id;

  check_created_once<core::ProjectView>(
      "projects",
      [&](const Actor& a, const Retryable<core::ProjectView>* r) {
        core::NewProject request{"establishment", {}};
        request.fields.title = "Sykkelverksted";
        return s->projects.create(request, a, r);
      },
      [&] { return s->projects.list({}, kAdmin).total; });
  check_created_once<core::Company>(
      "companies",
      [&](const Actor& a, const Retryable<core::Company>* r) {
        core::CompanyChanges company;
        company.name = "Moss Bakeri AS";
        company.organisation_number = kOrganisationNumber;
        return s->companies.create(company, a, r);
      },
      [&] { return s->companies.list({}, kAdmin).total; });
  check_created_once<core::Contact>(
      "contacts",
      [&](const Actor& a, const Retryable<core::Contact>* r) {
        core::ContactChanges c;
        c.name = "Kari Gründer";
        return s->records.add_contact(project, c, a, r);
      },
      [&] { return static_cast<std::int64_t>(s->records.list_contacts(project, kAdmin).size()); });
  check_created_once<core::Note>(
      "notes",
      [&](const Actor& a, const Retryable<core::Note>* r) {
        return s->records.add_note(project, {"Første møte holdt.", core::Visibility::internal}, a, r);
      },
      [&] { return static_cast<std::int64_t>(s->records.list_notes(project, kAdmin).size()); });
  check_created_once<core::Activity>(
      "activities",
      [&](const Actor& a, const Retryable<core::Activity>* r) {
        core::ActivityChanges c;
        c.kind = core::ActivityKind::meeting;
        c.date = "2026-01-05";
        c.minutes = 90;
        return s->records.add_activity(project, c, a, r);
      },
      [&] { return static_cast<std::int64_t>(s->records.list_activities(project, kAdmin).size()); });
  check_created_once<FundingApplication>(
      "funding-applications",
      [&](const Actor& a, const Retryable<FundingApplication>* r) {
        FundingChanges c;
        c.source = "innovasjon_norge";
        c.amount_applied = 150000;
        return s->projects.add_funding(project, c, a, r);
      },
      [&] { return static_cast<std::int64_t>(s->projects.list_funding(project, kAdmin).size()); });
  check_created_once<core::Target>(
      "targets",
      [&](const Actor& a, const Retryable<core::Target>* r) {
        core::TargetChanges c;
        c.year = 2026;
        c.metric = core::TargetMetric::establishments;
        c.target_value = 12;
        return s->targets.add(c, a, r);
      },
      [&] { return static_cast<std::int64_t>(s->targets.list(std::nullopt, kAdmin).size()); });
  check_created_once<core::ReferenceItem>(
      "reference/focus-areas",
      [&](const Actor& a, const Retryable<core::ReferenceItem>* r) {
        core::ReferenceChanges c;
        c.code = "circular";
        c.name_nb = "Sirkulærøkonomi";
        return s->reference.add(core::ReferenceList::focus_areas, c, a, r);
      },
      [&] { return static_cast<std::int64_t>(s->reference.list(core::ReferenceList::focus_areas).size()); });
  check_created_once<core::User>(
      "users",
      [&](const Actor& a, const Retryable<core::User>* r) {
        return s->accounts.add_user({"ny@mnu.no", "", Role::adviser, "riktig hest batteri"}, a, "", r);
      },
      [&] { return static_cast<std::int64_t>(s->accounts.list_users(kAdmin).size()); });
  check_created_once<core::CreatedToken>(
      "tokens",
      [&](const Actor& a, const Retryable<core::CreatedToken>* r) {
        return s->accounts.create_token("uttrekk", Role::management, a, "", r);
      },
      [&] { return static_cast<std::int64_t>(s->accounts.list_tokens(kAdmin).size()); });
  check_created_once<core::CreatedInvitation>(
      "invitations",
      [&](const Actor& a, const Retryable<core::CreatedInvitation>* r) {
        return s->accounts.invite(project, contact, a, "", r);
      },
      [&] { return static_cast<std::int64_t>(s->accounts.list_invitations(project, kAdmin).size()); });
}

BACKEND_TEST_CASE("idempotency: a refused creation keeps no key, and a key is free again after a day",
                  "[storage][idempotency]") {
  Services s(backend);
  const ProjectId project = s.project();
  auto note = [&](const Retryable<core::Note>* r) {
    return s->records.add_note(project, {"Ringte banken.", core::Visibility::internal}, kAdviser, r);
  };
  auto notes = [&] { return s->records.list_notes(project, kAdmin).size(); };

  // A creation refused inside its transaction (no such project) rolls its key back with it.
  Retryable<core::Note> missing = retryable<core::Note>("k-missing", "/api/v1/projects/999/notes");
  auto refused = thrown<DomainError>([&] {
    s->records.add_note(999, {"Ringte banken.", core::Visibility::internal}, kAdviser, &missing);
  });
  REQUIRE(refused);
  CHECK(refused->code() == ErrorCode::not_found);
  CHECK(s.rows("idempotency_keys") == 0);

  Retryable<core::Note> older = retryable<core::Note>("k-0", "/api/v1/projects/1/notes");
  Retryable<core::Note> retry = retryable<core::Note>("k-1", "/api/v1/projects/1/notes");
  Retryable<core::Note> later = retryable<core::Note>("k-2", "/api/v1/projects/1/notes");
  note(&older);
  core::Note first = note(&retry);
  CHECK(s.rows("idempotency_keys") == 2);
  s.advance(std::chrono::hours(23));
  CHECK(thrown<IdempotentReplay>([&] { note(&retry); }));
  CHECK(notes() == 2);

  // A day later the key is forgotten: the same request is a new one, and the creation that finds
  // the day over also drops the other expired keys.
  s.advance(std::chrono::hours(2));
  core::Note second = note(&retry);
  CHECK(second.id != first.id);
  CHECK(notes() == 3);
  CHECK(s.rows("idempotency_keys") == 1);  // k-1 anew; k-0 swept
  note(&later);
  CHECK(notes() == 4);
  CHECK(s.rows("idempotency_keys") == 2);
}

BACKEND_TEST_CASE("idempotency: concurrent creations with one key create one record and all get its answer",
                  "[storage][idempotency]") {
  Services s(backend);
  constexpr int kThreads = 6;
  Retryable<core::ProjectView> retry = retryable<core::ProjectView>("same-key", "/api/v1/projects");
  std::vector<std::string> answers(kThreads);
  std::vector<std::string> failures(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto index = static_cast<std::size_t>(i);
      core::NewProject request{"establishment", {}};
      request.fields.title = "Samtidig bakeri";
      start.arrive_and_wait();
      try {
        answers[index] = retry.answer(s->projects.create(request, kAdviser, &retry)).body;
      } catch (const IdempotentReplay& replay) {
        answers[index] = replay.answer().body;
      } catch (const std::exception& e) {
        failures[index] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    auto index = static_cast<std::size_t>(i);
    INFO("thread " << i << ": " << failures[index]);
    CHECK(failures[index].empty());
    CHECK(answers[index] == answers[0]);
  }
  CHECK(s->projects.list({}, kAdmin).total == 1);
  CHECK(s.rows("idempotency_keys") == 1);
}

BACKEND_TEST_CASE("audit: every change of a record is audited with who, when, which record and the changed fields",
                  "[storage][audit]") {
  Services s(backend);
  const ProjectId project = s.project();

  core::CompanyChanges company;
  company.name = "Moss Bakeri";
  company.organisation_number = kOrganisationNumber;
  core::Company created = s->companies.create(company, kAdviser);
  s.advance(std::chrono::minutes(5));
  core::CompanyChanges rename;
  rename.name = "Moss Bakeri AS";
  s->companies.update(created.id, created.version, rename, kAdviser);
  s->companies.update(created.id, created.version + 1, rename, kAdviser);  // no change: no entry

  auto created_entries = s.audit("company.created");
  REQUIRE(created_entries.size() == 1);
  CHECK(created_entries[0].actor == "kari@mnu.no");
  json detail = json::parse(created_entries[0].detail);
  CHECK(detail["company"] == created.id);
  CHECK(detail["changes"]["name"] == json{{"from", nullptr}, {"to", "Moss Bakeri"}});
  CHECK(detail["changes"]["organisation_number"] == json{{"from", nullptr}, {"to", kOrganisationNumberDigits}});

  auto updated = s.audit("company.updated");
  REQUIRE(updated.size() == 1);
  CHECK(updated[0].actor == "kari@mnu.no");
  CHECK(updated[0].at == created_entries[0].at + std::chrono::minutes(5));
  CHECK(json::parse(updated[0].detail) ==
        json{{"company", created.id}, {"changes", {{"name", {{"from", "Moss Bakeri"}, {"to", "Moss Bakeri AS"}}}}}});

  // A change that is refused (a stale version) leaves no entry.
  CHECK(thrown<VersionConflict>([&] { s->companies.update(created.id, 1, rename, kAdviser); }));
  CHECK(s.audit("company.updated").size() == 1);

  // Deleting keeps what was there.
  core::ContactChanges contact;
  contact.name = "Ola Gründer";
  contact.phone = std::optional<std::string>("+47 912 34 567");
  core::Contact ola = s->records.add_contact(project, contact, kAdviser);
  s->records.remove_contact(project, ola.id, ola.version, kAdmin);
  auto deleted = s.audit("contact.deleted");
  REQUIRE(deleted.size() == 1);
  CHECK(deleted[0].actor == "admin@mnu.no");
  json gone = json::parse(deleted[0].detail);
  CHECK(gone["project"] == project);
  CHECK(gone["contact"] == ola.id);
  CHECK(gone["changes"]["name"] == json{{"from", "Ola Gründer"}, {"to", nullptr}});
  CHECK(gone["changes"]["phone"] == json{{"from", "+47 912 34 567"}, {"to", nullptr}});

  // A user's fields, never their password or its hash.
  core::User user =
      s->accounts.add_user({"ny@mnu.no", "Ny", Role::adviser, "riktig hest batteri"}, kAdmin, "192.0.2.1");
  core::UserChanges promote;
  promote.role = Role::admin;
  s->accounts.update_user(user.id, user.version, promote, kAdmin, "192.0.2.1");
  auto changed = s.audit("user_changed");
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].address == "192.0.2.1");
  CHECK(json::parse(changed[0].detail)["changes"] == json{{"role", {{"from", "adviser"}, {"to", "admin"}}}});
  for (const auto& entry : s.audit("user_created")) CHECK(entry.detail.find("riktig hest") == std::string::npos);
}
