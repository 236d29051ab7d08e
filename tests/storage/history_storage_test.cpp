// The event log is the source of truth (docs/design.md#event-log): replaying a project's events
// gives its state and version, after hand-written and random histories, and everything survives a
// restart.

#include <latch>
#include <map>
#include <random>
#include <thread>

#include "storage_fixture.hpp"

using namespace facilitator::storage_test;

namespace {

/// Checks the replay invariant for one project: the fold of its events is its snapshot.
void check_replay(Fixture& f, ProjectId id) {
  Project project = f.project(id);
  auto events = f.all_events(id);
  INFO("project " << id << "\n" << to_text(events));
  REQUIRE_FALSE(events.empty());
  Replay r = replay(events);
  CHECK(r.starts_with_created);
  CHECK(r.seq_contiguous);
  CHECK(r.transitions_chain);
  CHECK(r.state == project.state);
  CHECK(r.version == project.version);
  CHECK(r.parked_from == project.facts.parked_from);
  CHECK(events.front().at == project.created_at);
  CHECK(events.back().at == project.updated_at);
  for (const auto& e : events) CHECK(e.project_id == id);
  // The project entered its state with the last transition (or at creation).
  auto last_move = std::find_if(events.rbegin(), events.rend(),
                                [](const ProjectEvent& e) { return e.kind != facilitator::core::EventKind::updated; });
  REQUIRE(last_move != events.rend());
  CHECK(last_move->at == project.state_since);
}

ProjectChanges text_fact(facilitator::core::Change<std::string> ProjectChanges::*field,
                         std::optional<std::string> value) {
  ProjectChanges c;
  c.*field = std::move(value);
  return c;
}

}  // namespace

BACKEND_TEST_CASE("Replaying a mixed history reproduces the project's state and version", "[storage][history]") {
  Fixture f(backend);
  ProjectId id = f.create("Bakeri i Moss").project.id;
  f.update(id, text_fact(&ProjectChanges::adviser, "kari@mnu.no"));
  f.move(id, "start_screening");
  f.move(id, "park", "Gründeren er på reise.");
  check_replay(f, id);
  f.update(id, text_fact(&ProjectChanges::focus_area, "tourism"));
  f.move(id, "resume");
  f.update(id, text_fact(&ProjectChanges::municipality, "3103"));
  f.move(id, "start_business_plan");
  f.move(id, "close", "Ikke levedyktig.", "not_viable");
  check_replay(f, id);
  f.move(id, "reopen", "Ny vurdering.");
  f.move(id, "start_business_plan");
  f.move(id, "park", "Venter.");
  check_replay(f, id);
  f.move(id, "close", "Trukket.", "withdrawn");
  f.move(id, "reopen", "Tilbake igjen.");
  ProjectChanges renamed;
  renamed.title = "Bakeri og kafé i Moss";
  f.update(id, renamed);
  check_replay(f, id);
  CHECK(f.project(id).state == "screening");
  CHECK(f.project(id).version == 15);
}

namespace {

const std::vector<std::string> kCloseReasons{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"};

template <class T>
const T& pick(std::mt19937& rng, const std::vector<T>& items) {
  std::uniform_int_distribution<std::size_t> d(0, items.size() - 1);
  return items[d(rng)];
}

bool chance(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

/// One random edit of the facts that guards look at: set or clear one of them.
ProjectChanges random_edit(std::mt19937& rng) {
  ProjectChanges c;
  bool clear = chance(rng, 0.1);
  switch (std::uniform_int_distribution<int>(0, 8)(rng)) {
    case 0:
      c.adviser =
          clear ? std::optional<std::string>() : pick(rng, std::vector<std::string>{"kari@mnu.no", "per@mnu.no"});
      break;
    case 1:
      c.municipality =
          clear ? std::optional<std::string>() : pick(rng, std::vector<std::string>{"3103", "3112", "3114"});
      break;
    case 2:
      c.focus_area = clear ? std::optional<std::string>() : std::optional<std::string>("green_industry");
      break;
    case 3:
      c.organisation_number = clear ? std::optional<std::string>() : std::optional<std::string>(kOrganisationNumber);
      break;
    case 4:
      c.registration_date = clear ? std::optional<std::string>() : std::optional<std::string>("2026-04-01");
      break;
    case 5:
      c.result_summary = clear ? std::optional<std::string>() : std::optional<std::string>("Fire ansatte.");
      break;
    case 6:
      c.business_plan_complete = !clear;
      break;
    case 7:
      c.self_financed = !clear;
      break;
    default:
      c.title = "Prosjekt " + std::to_string(rng() % 1000);
      break;
  }
  return c;
}

/// Adds a funding application or records a decision on one.
void random_funding(Fixture& f, std::mt19937& rng, ProjectId id) {
  auto applications = f.service().list_funding(id, kAdviser);
  if (applications.empty() || chance(rng, 0.4)) {
    f.add_funding(id, 10000 * static_cast<std::int64_t>(1 + rng() % 50),
                  chance(rng, 0.5) ? FundingStatus::draft : FundingStatus::submitted);
    return;
  }
  const FundingApplication& a = pick(rng, applications);
  auto status = pick(rng, std::vector<FundingStatus>{FundingStatus::submitted, FundingStatus::granted,
                                                     FundingStatus::rejected, FundingStatus::withdrawn});
  f.set_funding_status(id, a.id, status,
                       status == FundingStatus::granted ? std::optional<std::int64_t>(a.amount_applied) : std::nullopt);
}

/// Makes one failed guard pass by editing the fact or the funding it looks at.
void satisfy(Fixture& f, std::mt19937& rng, ProjectId id, const std::string& guard) {
  INFO("satisfying " << guard);
  ProjectChanges c;
  if (guard == "adviser_assigned")
    c.adviser = std::optional<std::string>("kari@mnu.no");
  else if (guard == "focus_area_set")
    c.focus_area = std::optional<std::string>("tourism");
  else if (guard == "municipality_set")
    c.municipality = std::optional<std::string>("3103");
  else if (guard == "business_plan_complete")
    c.business_plan_complete = true;
  else if (guard == "self_financed")
    c.self_financed = true;
  else if (guard == "organisation_number_valid")
    c.organisation_number = std::optional<std::string>(kOrganisationNumber);
  else if (guard == "registration_date_set")
    c.registration_date = std::optional<std::string>("2026-04-01");
  else if (guard == "result_summary_given")
    c.result_summary = std::optional<std::string>("Fire ansatte.");
  else if (guard == "funding_application_registered") {
    f.add_funding(id, 100000, chance(rng, 0.5) ? FundingStatus::draft : FundingStatus::submitted);
    return;
  } else if (guard == "funding_granted" || guard == "no_funding_pending") {
    for (const auto& a : f.service().list_funding(id, kAdviser)) {
      if (guard == "funding_granted" && a.status != FundingStatus::granted) {
        f.set_funding_status(id, a.id, FundingStatus::granted, a.amount_applied);
        return;
      }
      if (guard == "no_funding_pending" && facilitator::core::is_pending(a.status)) {
        auto decision = pick(
            rng, std::vector<FundingStatus>{FundingStatus::granted, FundingStatus::rejected, FundingStatus::withdrawn});
        f.set_funding_status(
            id, a.id, decision,
            decision == FundingStatus::granted ? std::optional<std::int64_t>(a.amount_applied) : std::nullopt);
      }
    }
    if (guard == "funding_granted") f.add_funding(id, 40000, FundingStatus::granted, 40000);
    return;
  } else {
    FAIL("a guard the random history does not know: " << guard);
  }
  f.update(id, c);
}

}  // namespace

BACKEND_TEST_CASE("Replaying random valid histories reproduces every project's state and version",
                  "[storage][history]") {
  Fixture f(backend);
  constexpr unsigned kSeed = 20260105;
  constexpr int kProjects = 20;
  constexpr int kSteps = 25;
  std::mt19937 rng(kSeed);
  CAPTURE(kSeed);
  std::vector<ProjectId> ids;
  std::map<std::string, int> events_seen;
  for (int p = 0; p < kProjects; ++p) {
    ProjectId id = f.create("Prosjekt " + std::to_string(p)).project.id;
    ids.push_back(id);
    for (int s = 0; s < kSteps; ++s) {
      INFO("project " << p << " step " << s);
      double roll = std::uniform_real_distribution<double>(0, 1)(rng);
      if (roll < 0.10) {
        f.update(id, random_edit(rng));
        continue;
      }
      if (roll < 0.15) {
        random_funding(f, rng, id);
        continue;
      }
      ProjectView view = f.service().get(id, kAdviser);
      std::vector<std::string> allowed;
      std::vector<const facilitator::core::Availability*> refused;
      for (const auto& a : view.available_events) {
        if (a.allowed)
          allowed.emplace_back(a.event);
        else
          refused.push_back(&a);
      }
      if (roll < 0.20 && !refused.empty()) {
        // A refused event leaves no trace.
        Snapshot before = f.snapshot(id);
        CHECK(thrown<TransitionRejected>(
            [&] { f.move(id, std::string(pick(rng, refused)->event), "Notat.", "duplicate"); }));
        CHECK(f.snapshot(id) == before);
        continue;
      }
      if (!refused.empty() && (allowed.empty() || roll < 0.65)) {
        // Work towards an event that is refused now: satisfy one of its failed guards.
        satisfy(f, rng, id, pick(rng, pick(rng, refused)->reasons).guard);
        continue;
      }
      if (allowed.empty()) {
        f.update(id, random_edit(rng));
        continue;
      }
      // Closing and parking are always allowed; weigh them down so histories also go forward.
      std::vector<double> weights;
      for (const auto& e : allowed) weights.push_back(e == "close" ? 0.5 : e == "park" ? 1 : 10);
      const std::string& event = allowed[std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(rng)];
      std::string reason(pick(rng, kCloseReasons));  // drawn every step, so the seed gives the same histories
      TransitionResult result = f.move(id, event, "Notat " + std::to_string(s),
                                       event == "close" ? std::optional<std::string>(reason) : std::nullopt);
      ++events_seen[event];
      CHECK(result.event.seq == view.project.version + 1);
      CHECK(result.event.from_state == view.project.state);
      CHECK(f.project(id).state == result.event.to_state);
    }
    check_replay(f, id);
  }

  // The histories are varied enough to mean something: every event of the workflow occurs.
  INFO("events applied: " << [&] {
    std::string text;
    for (const auto& [event, n] : events_seen) text += event + "=" + std::to_string(n) + " ";
    return text;
  }());
  CHECK(events_seen.size() == f.registry().get("establishment").events().size());

  // And they are the same after a restart.
  f.restart();
  for (ProjectId id : ids) check_replay(f, id);
}

BACKEND_TEST_CASE("Projects, their events and funding applications survive closing and reopening the store",
                  "[storage][durability]") {
  Fixture f(backend);
  ProjectId funded = f.project_in("funding", "Bakeri i Moss");
  f.add_funding(funded, 75000, FundingStatus::rejected);
  ProjectId parked = f.project_in("business_plan", "Sykkelverksted");
  f.move(parked, "park", "Venter på lokaler.");
  ProjectId closed = f.project_in("idea", "Kafé");
  f.move(closed, "close", "Duplikat.", "duplicate");

  struct Stored {
    std::string project, events, funding;
  };
  auto read_all = [&](ProjectId id) {
    return Stored{to_text(f.project(id)), to_text(f.all_events(id)), to_text(f.service().list_funding(id, kAdviser))};
  };
  std::map<ProjectId, Stored> before;
  for (ProjectId id : {funded, parked, closed}) before[id] = read_all(id);
  auto total_before = f.service().list({}, kAdviser).total;

  f.restart();

  CHECK(f.service().list({}, kAdviser).total == total_before);
  for (ProjectId id : {funded, parked, closed}) {
    INFO("project " << id);
    Stored after = read_all(id);
    CHECK(after.project == before[id].project);
    CHECK(after.events == before[id].events);
    CHECK(after.funding == before[id].funding);
  }
  CHECK(f.project(parked).facts.parked_from == "business_plan");
  CHECK(f.service().list_funding(funded, kAdviser).size() == 2);

  // The reopened store keeps working where it left off.
  f.move(parked, "resume");
  CHECK(f.project(parked).state == "business_plan");
  ProjectId fresh = f.create("Etter omstart").project.id;
  CHECK(fresh > closed);
}

BACKEND_TEST_CASE("Migrations bring a new database to the latest schema once and are idempotent",
                  "[storage][migrations]") {
  using facilitator::core::storage::SociStore;
  TestDatabase db(backend);
  {
    auto store = facilitator::core::storage::open_store(db.url(), 2);
    CHECK(store->schema_version() == 0);
    CHECK(store->migrate() == SociStore::latest_schema_version());
    CHECK(store->schema_version() == SociStore::latest_schema_version());
    CHECK(store->migrate() == 0);
  }
  // The fixture's store migrates on open: nothing is left to do, and it is usable.
  SociStore& store = db.store();
  CHECK(store.migrate() == 0);
  CHECK(store.schema_version() == SociStore::latest_schema_version());
  db.close_store();
  CHECK(db.store().migrate() == 0);
  CHECK(db.store().schema_version() == SociStore::latest_schema_version());
  CHECK_NOTHROW(db.store().ping());
  CHECK(db.store().backend() == (backend == TestBackend::sqlite ? "sqlite" : "postgresql"));
}

BACKEND_TEST_CASE("Several stores migrating one new database at once apply each migration once",
                  "[storage][migrations][concurrency]") {
  using facilitator::core::storage::SociStore;
  TestDatabase db(backend);
  constexpr int kStores = 4;
  std::vector<int> applied(kStores, -1), versions(kStores, -1);
  std::vector<std::string> errors(kStores);
  std::latch start(kStores);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kStores; ++i) {
    threads.emplace_back([&, i] {
      bool arrived = false;
      try {
        auto store = facilitator::core::storage::open_store(db.url(), 1);
        start.arrive_and_wait();
        arrived = true;
        applied[i] = store->migrate();
        versions[i] = store->schema_version();
      } catch (const std::exception& e) {
        if (!arrived) start.count_down();  // a store that failed to open must not keep the others waiting
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  int total = 0;
  for (std::size_t i = 0; i < kStores; ++i) {
    INFO("store " << i);
    CHECK(errors[i] == "");
    CHECK(versions[i] == SociStore::latest_schema_version());
    total += applied[i];
  }
  CHECK(total == SociStore::latest_schema_version());
  CHECK(db.store().migrate() == 0);
}

BACKEND_TEST_CASE("Text and amounts are stored exactly as given", "[storage][durability]") {
  Fixture f(backend);
  const std::string title = "Smørbrød & kaffe på Ærøy – «O'Brien's» ; DROP TABLE projects; --";
  const std::string summary = std::string(19900, 'x') + "æøåÆØÅ🙂";
  ProjectChanges fields;
  fields.adviser = std::optional<std::string>("Åse Øyen <aase@mnu.no>");
  fields.municipal_unit = std::optional<std::string>("Plan- og byggesak \\ 100% (_)");
  fields.result_summary = std::optional<std::string>(summary);
  ProjectId id = f.create("  " + title + "\n  ", fields).project.id;
  FundingApplication largest = f.add_funding(id, 1'000'000'000'000, FundingStatus::granted, 1'000'000'000'000);
  f.move(id, "start_screening", "Notat med 'sitat', \"anførsel\" og linjeskift\nher.");

  f.restart();
  Project project = f.project(id);
  CHECK(project.title == title);  // trimmed, otherwise untouched
  CHECK(project.facts.adviser == "Åse Øyen <aase@mnu.no>");
  CHECK(project.facts.municipal_unit == "Plan- og byggesak \\ 100% (_)");
  CHECK(project.facts.result_summary == summary);
  CHECK(f.all_events(id).back().note == "Notat med 'sitat', \"anførsel\" og linjeskift\nher.");
  auto stored = f.service().get_funding(id, largest.id, kAdviser);
  CHECK(stored.amount_applied == 1'000'000'000'000);
  CHECK(stored.amount_granted == 1'000'000'000'000);
  CHECK(f.service().list({}, kAdviser).total == 1);
}
