// Demo data (docs/demo-data.md): the same seed gives the same data, every generated history is one
// the workflows allow and replays to the stored project, and a database with projects is refused
// unless forced. On SQLite and PostgreSQL.

#include <map>
#include <set>

#include "core/demo/demo_data.hpp"
#include "core/domain/organisation_number.hpp"
#include "core/service/service_set.hpp"
#include "core/storage/bulk_load.hpp"
#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
namespace core = facilitator::core;
namespace demo = facilitator::core::demo;

namespace {

/// A fixed "now", so that a test's data does not depend on the day it runs.
const Timestamp kEnd = *core::parse_rfc3339("2026-03-02T12:00:00Z");
const Timestamp kStart = kEnd - std::chrono::days(3 * 365 + 1);

demo::DemoOptions options(std::int64_t projects, std::uint64_t seed, bool force = false) {
  demo::DemoOptions o;
  o.projects = projects;
  o.seed = seed;
  o.years = 3;
  o.force = force;
  o.end = kEnd;
  return o;
}

/// The services over one test database, with the real clock (reads only look at the data).
struct Reader {
  explicit Reader(TestDatabase& db)
      : registry(facilitator::workflows::builtin_registry()), services(db.store(), registry, core::system_clock()) {}

  std::vector<Project> projects() {
    std::vector<Project> result;
    core::ProjectListRequest request;
    request.limit = core::kMaxPageSize;
    while (true) {
      auto page = services.projects.list(request, kAdviser);
      result.insert(result.end(), page.items.begin(), page.items.end());
      if (!page.next_cursor) return result;
      request.cursor = page.next_cursor;
    }
  }

  std::vector<ProjectEvent> events(ProjectId id) {
    std::vector<ProjectEvent> result;
    core::EventListRequest request;
    request.limit = core::kMaxPageSize;
    while (true) {
      auto page = services.projects.events(id, request, kAdviser);
      result.insert(result.end(), page.items.begin(), page.items.end());
      if (!page.next_cursor) return result;
      request.cursor = page.next_cursor;
    }
  }

  std::vector<core::Company> companies() {
    std::vector<core::Company> result;
    core::CompanyListRequest request;
    request.limit = core::kMaxPageSize;
    while (true) {
      auto page = services.companies.list(request, kAdviser);
      result.insert(result.end(), page.items.begin(), page.items.end());
      if (!page.next_cursor) return result;
      request.cursor = page.next_cursor;
    }
  }

  /// Everything generated about the projects, in id order, without the ids: equal for equal data.
  std::string fingerprint() {
    std::string text;
    for (const Project& p : projects()) {
      text += p.workflow + "|" + p.title + "|" + p.state + "|" + std::to_string(p.version) + "|" +
              core::format_rfc3339(p.created_at) + "|" + core::format_rfc3339(p.state_since) + "|" +
              opt(p.facts.adviser) + "|" + opt(p.facts.municipality) + "|" + opt(p.facts.organisation_number) + "\n";
      for (const ProjectEvent& e : events(p.id))
        text += "  " + e.event + "|" + e.to_state + "|" + core::format_rfc3339(e.at) + "|" + opt(e.note) + "|" +
                opt(e.reason) + "|" + opt(e.changes) + "\n";
      for (const auto& a : services.records.list_activities(p.id, kAdviser))
        text += "  activity " + std::string(core::to_string(a.kind)) + "|" + a.date + "|" + std::to_string(a.minutes) +
                "\n";
      for (const auto& f : services.projects.list_funding(p.id, kAdviser))
        text += "  funding " + f.source + "|" + std::to_string(f.amount_applied) + "|" +
                std::string(core::to_string(f.status)) + "\n";
    }
    for (const core::Company& c : companies()) text += c.name + "|" + c.organisation_number + "\n";
    return text;
  }

  /// Projects per workflow and state, as stored.
  std::map<std::string, std::map<std::string, std::int64_t>> states() {
    std::map<std::string, std::map<std::string, std::int64_t>> result;
    for (const Project& p : projects()) ++result[p.workflow][p.state];
    return result;
  }

  core::WorkflowRegistry registry;
  core::ServiceSet services;
};

demo::DemoSummary load(TestDatabase& db, const demo::DemoOptions& o) {
  auto registry = facilitator::workflows::builtin_registry();
  return demo::generate_demo_data(db.store(), registry, o);
}

}  // namespace

BACKEND_TEST_CASE("The same seed gives the same demo data, another seed other data", "[storage][demo]") {
  TestDatabase first(backend), second(backend), other(backend);
  demo::DemoSummary a = load(first, options(40, 7));
  demo::DemoSummary b = load(second, options(40, 7));
  demo::DemoSummary c = load(other, options(40, 8));

  CHECK(a.projects == 40);
  CHECK(a.projects_by_state == b.projects_by_state);
  CHECK(a.events_by_name == b.events_by_name);
  CHECK(a.writes == b.writes);
  Reader ra(first), rb(second), rc(other);
  CHECK(ra.states() == a.projects_by_state);  // the summary tells what is stored
  CHECK(ra.states() == rb.states());
  std::string fa = ra.fingerprint();
  CHECK(fa == rb.fingerprint());

  CHECK(c.projects == 40);
  CHECK(rc.fingerprint() != fa);
  CHECK((c.projects_by_state != a.projects_by_state || c.events_by_name != a.events_by_name));
}

BACKEND_TEST_CASE("Every demo history is one the workflows allow, in time order, and replays to its project",
                  "[storage][demo][history]") {
  TestDatabase db(backend);
  demo::DemoSummary summary = load(db, options(100, demo::kDefaultSeed));
  Reader reader(db);
  const auto projects = reader.projects();
  REQUIRE(projects.size() == 100);

  std::set<std::string> workflows, events, reasons;
  std::int64_t event_count = 0, reopened = 0, resumed_after_park = 0;
  for (const Project& project : projects) {
    auto history = reader.events(project.id);
    INFO("project " << project.id << " (" << project.workflow << ")\n" << to_text(history));
    REQUIRE_FALSE(history.empty());
    Replay r = replay(history);
    CHECK(r.starts_with_created);
    CHECK(r.seq_contiguous);
    CHECK(r.transitions_chain);
    CHECK(r.state == project.state);
    CHECK(r.version == project.version);
    CHECK(r.parked_from == project.facts.parked_from);
    CHECK(history.front().at == project.created_at);
    CHECK(history.back().at == project.updated_at);
    CHECK(project.created_at >= kStart);
    for (std::size_t i = 0; i < history.size(); ++i) {
      const ProjectEvent& e = history[i];
      CHECK(e.at <= kEnd);  // nothing in the future
      if (i > 0) CHECK(history[i - 1].at <= e.at);
      events.insert(e.event);
      if (e.reason) reasons.insert(*e.reason);
      if (e.event == "reopen") ++reopened;
      if (e.event == "resume") ++resumed_after_park;
    }
    // Every event was allowed by the workflow from the state before it (the service checked
    // guards; the table check here catches a history that skips a state).
    const core::Workflow& workflow = reader.registry.get(project.workflow);
    for (const ProjectEvent& e : history) {
      if (e.kind != core::EventKind::transition) continue;
      const auto& rows = workflow.transitions();
      bool in_table = std::any_of(rows.begin(), rows.end(), [&](const auto& t) {
        return t.from == *e.from_state && t.event == e.event && t.to == e.to_state;
      });
      CHECK(in_table);
    }
    workflows.insert(project.workflow);
    event_count += static_cast<std::int64_t>(history.size());
  }

  // All three workflows, and the histories that make a board and reports worth looking at.
  CHECK(workflows == std::set<std::string>{"establishment", "innovation", "liaison"});
  for (const char* event : {"park", "resume", "close", "reopen", "withdraw", "register_company", "complete",
                            "start_project", "answer", "refer", "updated"}) {
    INFO("event " << event);
    CHECK(events.count(event) == 1);
  }
  CHECK(reopened > 0);
  CHECK(resumed_after_park > 0);
  CHECK(reasons.size() >= 3);
  for (const auto& reason : reasons)
    CHECK(std::set<std::string>{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"}.count(reason) == 1);
  std::set<std::string> final_states;
  for (const Project& p : projects) final_states.insert(p.state);
  CHECK(final_states.count("parked") == 1);
  CHECK(final_states.count("closed") == 1);
  CHECK(final_states.count("completed") == 1);

  // The summary tells what is stored.
  CHECK(summary.projects == 100);
  CHECK(summary.events == event_count);
  CHECK(reader.states() == summary.projects_by_state);
  CHECK(summary.first >= kStart);
  CHECK(summary.last <= kEnd);

  // Companies have valid, unique organisation numbers.
  auto companies = reader.companies();
  CHECK(static_cast<std::int64_t>(companies.size()) == summary.companies);
  CHECK(companies.size() > 20);
  std::set<std::string> numbers;
  for (const auto& company : companies) {
    INFO(company.name << " " << company.organisation_number);
    CHECK(company.organisation_number.size() == 9);
    CHECK(core::is_valid_organisation_number(company.organisation_number));
    numbers.insert(company.organisation_number);
  }
  CHECK(numbers.size() == companies.size());

  // Case data around the projects, through the same services a person uses.
  std::int64_t contacts = 0, activities = 0, notes = 0, funding = 0;
  std::set<std::string> municipalities, statuses;
  for (const Project& p : projects) {
    contacts += static_cast<std::int64_t>(reader.services.records.list_contacts(p.id, kAdviser).size());
    for (const auto& a : reader.services.records.list_activities(p.id, kAdviser)) {
      ++activities;
      CHECK(a.minutes > 0);
      CHECK(a.date <= "2026-03-02");
    }
    notes += static_cast<std::int64_t>(reader.services.records.list_notes(p.id, kAdviser).size());
    for (const auto& f : reader.services.projects.list_funding(p.id, kAdviser)) {
      ++funding;
      statuses.insert(std::string(core::to_string(f.status)));
      if (f.status == FundingStatus::granted) CHECK(f.amount_granted.value_or(0) > 0);
    }
    if (p.facts.municipality) municipalities.insert(*p.facts.municipality);
  }
  CHECK(contacts == summary.contacts);
  CHECK(activities == summary.activities);
  CHECK(notes == summary.notes);
  CHECK(funding == summary.funding_applications);
  CHECK(contacts >= 100);
  CHECK(activities > 100);
  CHECK(funding > 10);
  CHECK(statuses.count("granted") == 1);
  CHECK(statuses.count("rejected") == 1);
  CHECK(municipalities == std::set<std::string>{"3103", "3112", "3114"});

  // Targets for every whole year of the history and the running one (2023 starts in March).
  auto targets = reader.services.targets.list(std::nullopt, kAdviser);
  CHECK(static_cast<std::int64_t>(targets.size()) == summary.targets);
  std::set<int> years;
  for (const auto& t : targets) years.insert(t.year);
  CHECK(years == std::set<int>{2024, 2025, 2026});
}

BACKEND_TEST_CASE("The demo data refuses a database that has projects unless forced", "[storage][demo]") {
  TestDatabase db(backend);
  load(db, options(5, 1));
  Reader reader(db);
  std::string before = reader.fingerprint();
  std::vector<std::string> projects_before;
  for (const Project& p : reader.projects()) projects_before.push_back(to_text(p));

  auto refused = thrown<demo::DatabaseNotEmpty>([&] { load(db, options(5, 2)); });
  REQUIRE(refused);
  CHECK(refused->projects() == 5);
  CHECK(std::string(refused->what()).find("5 projects") != std::string::npos);
  CHECK(reader.fingerprint() == before);  // nothing was written

  demo::DemoSummary forced = load(db, options(5, 2, true));
  CHECK(forced.projects == 5);
  auto after = reader.projects();
  REQUIRE(after.size() == 10);
  for (std::size_t i = 0; i < projects_before.size(); ++i) CHECK(to_text(after[i]) == projects_before[i]);
}

BACKEND_TEST_CASE("The demo data options out of range are refused before anything is written", "[storage][demo]") {
  TestDatabase db(backend);
  auto bad_count = thrown<DomainError>([&] { load(db, options(-1, 1)); });
  REQUIRE(bad_count);
  CHECK(error_fields(*bad_count) == std::vector<std::string>{"projects"});
  auto o = options(5, 1);
  o.years = 0;
  auto bad_years = thrown<DomainError>([&] { load(db, o); });
  REQUIRE(bad_years);
  CHECK(error_fields(*bad_years) == std::vector<std::string>{"years"});
  CHECK(Reader(db).projects().empty());
}

BACKEND_TEST_CASE("A demo bulk load with relaxed durability keeps everything once finished", "[storage][demo]") {
  TestDatabase db(backend);
  std::string relaxed = core::storage::bulk_load_url(db.url());
  CHECK(relaxed != db.url());
  CHECK(core::storage::bulk_load_url(relaxed) == relaxed);  // relaxing twice changes nothing more
  demo::DemoSummary summary;
  {
    auto store = core::storage::open_store(relaxed, 1);
    store->migrate();
    auto registry = facilitator::workflows::builtin_registry();
    summary = demo::generate_demo_data(*store, registry, options(10, 3));
  }
  core::storage::finish_bulk_load(db.url());
  db.close_store();
  Reader reader(db);
  CHECK(reader.projects().size() == 10);
  CHECK(reader.states() == summary.projects_by_state);
}

BACKEND_TEST_CASE("The demo data has one user per role who can log in, and the entrepreneur has projects",
                  "[storage][demo][account]") {
  TestDatabase db(backend);
  demo::DemoSummary summary = load(db, options(60, demo::kDefaultSeed));
  CHECK(summary.users == 4);
  Reader reader(db);
  core::AccountService& accounts = reader.services.accounts;

  auto users = accounts.list_users(kAdmin);
  REQUIRE(users.size() == 4);
  std::map<std::string, Role> roles;
  for (const auto& u : users) roles[u.email] = u.role;
  CHECK(roles == std::map<std::string, Role>{{"admin@demo.mnu.no", Role::admin},
                                             {"radgiver@demo.mnu.no", Role::adviser},
                                             {"leder@demo.mnu.no", Role::management},
                                             {"grunder@demo.mnu.no", Role::entrepreneur}});
  for (const auto& login : demo::kDemoLogins) {
    INFO(login.email);
    core::LoginResult result = accounts.login(std::string(login.email), std::string(demo::kDemoPassword), "127.0.0.1");
    CHECK(result.user.role == login.role);
    CHECK(accounts.resolve_session(result.session_secret));
  }

  // The demo adviser works a good share of the projects; the entrepreneur is a contact of two.
  std::int64_t advised = 0, with_adviser = 0;
  for (const Project& p : reader.projects()) {
    if (p.facts.adviser) ++with_adviser;
    if (p.facts.adviser == std::string(demo::kDemoAdviser)) ++advised;
  }
  INFO(advised << " of " << with_adviser << " projects with an adviser");
  CHECK(advised * 5 >= with_adviser);
  core::User entrepreneur = accounts.find_user_by_email("grunder@demo.mnu.no", kAdmin);
  CHECK(summary.entrepreneur_projects == 2);
  core::ProjectQuery mine;
  mine.contact_user = entrepreneur.id;
  auto projects = db.store().read_returning([&](core::Transaction& tx) { return tx.projects().list(mine); });
  REQUIRE(projects.size() == 2);
  std::set<std::string> states;
  for (const Project& p : projects) {
    states.insert(p.state);
    auto contacts = reader.services.records.list_contacts(p.id, kAdviser);
    CHECK(std::any_of(contacts.begin(), contacts.end(), [&](const core::Contact& c) {
      return c.email == std::string("grunder@demo.mnu.no") && c.user_id == entrepreneur.id;
    }));
  }
  CHECK(std::any_of(states.begin(), states.end(),
                    [](const std::string& s) { return s == "established" || s == "follow_up"; }));

  // A forced second run leaves the users as they are and ties the entrepreneur to its projects too.
  demo::DemoSummary forced = load(db, options(20, 9, true));
  CHECK(forced.users == 0);
  CHECK(accounts.list_users(kAdmin).size() == 4);
  CHECK(forced.entrepreneur_projects >= 1);
}
