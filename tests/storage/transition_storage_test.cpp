#include <nlohmann/json.hpp>

#include "core/service/project_service.hpp"
#include "storage_fixture.hpp"
#include "test_database.hpp"
#include "workflows/registry.hpp"

using namespace facilitator;
using facilitator::testing::TestDatabase;

BACKEND_TEST_CASE("A created project starts in the initial state at version 1", "[storage]") {
  TestDatabase db(backend);
  auto registry = workflows::builtin_registry();
  core::ProjectService service(db.store(), registry, core::system_clock());
  core::Actor adviser{"kari@mnu.no", core::Role::adviser};
  core::NewProject request{"establishment", {}};
  request.fields.title = "Bakeri i Moss";
  core::ProjectView view = service.create(request, adviser);
  CHECK(view.project.state == "idea");
  CHECK(view.project.version == 1);
  core::ProjectView read = service.get(view.project.id, adviser);
  CHECK(read.project.title == "Bakeri i Moss");
}

// ---------------------------------------------------------------------------------------------
// The establishment workflow (docs/design.md#workflow-establishment) through ProjectService and a
// real database.

using namespace facilitator::storage_test;

namespace {

/// Applies one event and checks what the caller is told and what is stored afterwards.
void step(Fixture& f, ProjectId id, const std::string& event, const std::string& from, const std::string& to,
          std::optional<std::string> note = std::nullopt, std::optional<std::string> reason = std::nullopt,
          const Actor& actor = kAdviser) {
  INFO("event " << event << " from " << from);
  Project before = f.project(id);
  REQUIRE(before.state == from);
  TransitionResult result = f.move(id, event, note, reason, actor);
  CHECK_FALSE(result.replayed);
  CHECK(result.event.kind == facilitator::core::EventKind::transition);
  CHECK(result.event.event == event);
  CHECK(result.event.from_state == from);
  CHECK(result.event.to_state == to);
  CHECK(result.event.seq == before.version + 1);
  CHECK(result.event.actor == actor.id);
  CHECK(result.event.note == note);
  CHECK(result.event.reason == reason);

  Project after = f.project(id);
  CHECK(after.state == to);
  CHECK(after.version == before.version + 1);
  CHECK(after.state_since == result.event.at);
  CHECK(after.updated_at == result.event.at);
  CHECK(after.created_at == before.created_at);

  auto events = f.all_events(id);
  REQUIRE(static_cast<std::int64_t>(events.size()) == after.version);
  CHECK(to_text(events.back()) == to_text(result.event));
}

ProjectChanges adviser(const std::string& who) {
  ProjectChanges c;
  c.adviser = std::optional<std::string>(who);
  return c;
}

}  // namespace

BACKEND_TEST_CASE("A project goes from idea to completed through every stage, funded", "[storage][transition]") {
  Fixture f(backend);
  ProjectView created = f.create("Bakeri i Moss");
  ProjectId id = created.project.id;
  CHECK(created.project.created_by == kAdviser.id);
  CHECK(created.project.state_since == created.project.created_at);

  f.update(id, adviser("kari@mnu.no"));
  CHECK(f.project(id).version == 2);
  step(f, id, "start_screening", "idea", "screening");

  ProjectChanges screening;
  screening.focus_area = std::optional<std::string>("tourism");
  screening.municipality = std::optional<std::string>("3103");
  f.update(id, screening);
  step(f, id, "start_business_plan", "screening", "business_plan");

  ProjectChanges plan;
  plan.business_plan_complete = true;
  f.update(id, plan);
  FundingApplication application = f.add_funding(id, 300000);
  CHECK(application.status == FundingStatus::draft);
  CHECK(f.project(id).version == 6);  // a funding application is not a project event
  step(f, id, "apply_for_funding", "business_plan", "funding");

  f.set_funding_status(id, application.id, FundingStatus::submitted);
  FundingApplication granted = f.set_funding_status(id, application.id, FundingStatus::granted, 250000);
  CHECK(granted.version == 3);
  CHECK(granted.amount_granted == 250000);
  ProjectChanges company;
  company.organisation_number = std::optional<std::string>(kOrganisationNumber);
  company.registration_date = std::optional<std::string>("2026-03-10");
  f.update(id, company);
  CHECK(f.project(id).facts.organisation_number == kOrganisationNumberDigits);  // stored normalised
  step(f, id, "register_company", "funding", "established");
  step(f, id, "start_follow_up", "established", "follow_up");

  ProjectChanges result;
  result.result_summary = std::optional<std::string>("Bakeriet har fire ansatte og positiv drift.");
  f.update(id, result);
  step(f, id, "complete", "follow_up", "completed");

  ProjectView done = f.service().get(id, kAdviser);
  CHECK(done.project.version == 12);
  CHECK(done.available_events.empty());  // completed is final
  CHECK(done.project.facts.result_summary == "Bakeriet har fire ansatte og positiv drift.");
  auto stored_funding = f.service().list_funding(id, kAdviser);
  REQUIRE(stored_funding.size() == 1);
  CHECK(to_text(stored_funding.front()) == to_text(granted));

  // Every step is in the history, in order.
  std::vector<std::string> history;
  for (const auto& e : f.all_events(id)) history.push_back(e.event);
  CHECK(history == std::vector<std::string>{"created", "updated", "start_screening", "updated", "start_business_plan",
                                            "updated", "apply_for_funding", "updated", "register_company",
                                            "start_follow_up", "updated", "complete"});
}

BACKEND_TEST_CASE("A self-financed project is registered straight from the business plan", "[storage][transition]") {
  Fixture f(backend);
  ProjectId id = f.project_in("business_plan");
  ProjectChanges company;
  company.self_financed = true;
  company.organisation_number = std::optional<std::string>(kOrganisationNumber);
  company.registration_date = std::optional<std::string>("2026-02-01");
  f.update(id, company);
  CHECK(f.service().list_funding(id, kAdviser).empty());
  step(f, id, "register_company", "business_plan", "established");
  step(f, id, "start_follow_up", "established", "follow_up");
}

BACKEND_TEST_CASE("The plan can be revised only when no funding application is still pending",
                  "[storage][transition]") {
  Fixture f(backend);
  ProjectId id = f.project_in("funding");
  FundingId first = f.service().list_funding(id, kAdviser).front().id;
  FundingId second = f.add_funding(id, 50000, FundingStatus::submitted).id;

  for (auto pending : {FundingStatus::draft, FundingStatus::submitted}) {
    INFO("first application " << facilitator::core::to_string(pending));
    if (pending != FundingStatus::draft) f.set_funding_status(id, first, pending);
    Snapshot before = f.snapshot(id);
    auto rejected = thrown<TransitionRejected>([&] { f.move(id, "revise_plan"); });
    REQUIRE(rejected);
    CHECK(rejected->code() == ErrorCode::transition_rejected);
    CHECK(failed_guards(*rejected) == std::vector<std::string>{"no_funding_pending/funding_applications"});
    CHECK(f.snapshot(id) == before);
  }

  // A decision on one of two applications is not enough; on both it is.
  f.set_funding_status(id, first, FundingStatus::rejected);
  CHECK(thrown<TransitionRejected>([&] { f.move(id, "revise_plan"); }));
  f.set_funding_status(id, second, FundingStatus::withdrawn);
  step(f, id, "revise_plan", "funding", "business_plan");

  // The revised plan goes back to funding with a new application; a rejected one still counts
  // as registered, and revising after a grant is allowed too.
  f.add_funding(id, 80000, FundingStatus::submitted);
  step(f, id, "apply_for_funding", "business_plan", "funding");
  auto applications = f.service().list_funding(id, kAdviser);
  REQUIRE(applications.size() == 3);
  f.set_funding_status(id, applications.back().id, FundingStatus::granted, 80000);
  step(f, id, "revise_plan", "funding", "business_plan");
}

BACKEND_TEST_CASE("A parked project resumes to exactly the stage it was parked from", "[storage][transition]") {
  Fixture f(backend);
  ProjectId id = f.project_in("idea");
  for (const std::string stage : {"idea", "screening", "business_plan", "funding", "established", "follow_up"}) {
    INFO("parked from " << stage);
    // Bring the project to `stage` along the main path.
    if (f.project(id).state != stage) {
      const std::string event = stage == "screening"       ? "start_screening"
                                : stage == "business_plan" ? "start_business_plan"
                                : stage == "funding"       ? "apply_for_funding"
                                : stage == "established"   ? "register_company"
                                                           : "start_follow_up";
      if (event == "apply_for_funding") {
        ProjectChanges plan;
        plan.business_plan_complete = true;
        f.update(id, plan);
        f.add_funding(id, 100000);
      }
      if (event == "register_company") {
        ProjectChanges company;
        company.organisation_number = std::optional<std::string>(kOrganisationNumber);
        company.registration_date = std::optional<std::string>("2026-03-10");
        f.update(id, company);
        f.set_funding_status(id, f.service().list_funding(id, kAdviser).front().id, FundingStatus::granted, 1);
      }
      f.move(id, event);
    }
    REQUIRE(f.project(id).state == stage);
    CHECK_FALSE(f.project(id).facts.parked_from);

    step(f, id, "park", stage, "parked", "Gründeren er i foreldrepermisjon.");
    CHECK(f.project(id).facts.parked_from == stage);
    ProjectView parked = f.service().get(id, kAdviser);
    std::vector<std::string> allowed;
    for (const auto& a : parked.available_events)
      if (a.allowed) allowed.emplace_back(a.event);
    CHECK(allowed == std::vector<std::string>{"resume", "close"});

    step(f, id, "resume", "parked", stage);
    CHECK_FALSE(f.project(id).facts.parked_from);
  }
}

BACKEND_TEST_CASE("A project closes with a reason code and a note from every non-final state",
                  "[storage][transition]") {
  Fixture f(backend);
  const std::vector<std::string> reasons{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"};
  std::size_t n = 0;
  for (const std::string state : {"idea", "screening", "business_plan", "funding", "established", "follow_up"}) {
    ProjectId id = f.project_in(state, "Prosjekt " + state);
    const std::string& reason = reasons[n++ % reasons.size()];
    step(f, id, "close", state, "closed", "Avsluttet etter samtale.", reason);
    auto events = f.all_events(id);
    CHECK(events.back().reason == reason);
    CHECK(events.back().note == "Avsluttet etter samtale.");
    ProjectView closed = f.service().get(id, kAdviser);
    REQUIRE(closed.available_events.size() == 1);
    CHECK(closed.available_events.front().event == "reopen");
  }

  ProjectId parked = f.project_in("screening", "Parkert prosjekt");
  f.move(parked, "park", "På vent.");
  step(f, parked, "close", "parked", "closed", "Kom aldri tilbake.", "withdrawn");
  CHECK_FALSE(f.project(parked).facts.parked_from);  // a closed project is not parked any more

  // A completed project is final: it cannot be closed.
  ProjectId done = f.project_in("follow_up", "Ferdig prosjekt");
  ProjectChanges summary;
  summary.result_summary = std::optional<std::string>("Godt resultat.");
  f.update(done, summary);
  f.move(done, "complete");
  Snapshot before = f.snapshot(done);
  auto rejected = thrown<TransitionRejected>([&] { f.move(done, "close", "Ryddet.", "duplicate"); });
  REQUIRE(rejected);
  CHECK(rejected->decision().outcome == facilitator::core::Decision::Outcome::not_possible);
  CHECK(f.snapshot(done) == before);
}

BACKEND_TEST_CASE("A closed project is reopened to screening by an adviser or an admin, never by an entrepreneur",
                  "[storage][transition]") {
  Fixture f(backend);
  ProjectId id = f.project_in("business_plan");
  f.move(id, "close", "Ikke levedyktig nå.", "not_viable");

  for (const Actor& actor : {kEntrepreneur, kManagement}) {
    INFO("actor role " << facilitator::core::to_string(actor.role));
    Snapshot before = f.snapshot(id);
    auto rejected = thrown<TransitionRejected>([&] { f.move(id, "reopen", "Vil prøve igjen.", std::nullopt, actor); });
    REQUIRE(rejected);
    CHECK(failed_guards(*rejected) == std::vector<std::string>{"actor_is_adviser_or_admin/"});
    CHECK(f.snapshot(id) == before);
  }

  step(f, id, "reopen", "closed", "screening", "Gründeren har fått ny partner.");
  CHECK(f.all_events(id).back().actor == kAdviser.id);

  f.move(id, "close", "Duplikat av et annet prosjekt.", "duplicate");
  step(f, id, "reopen", "closed", "screening", "Var ikke et duplikat likevel.", std::nullopt, kAdmin);
}

BACKEND_TEST_CASE("An edit that changes nothing records nothing", "[storage][transition]") {
  Fixture f(backend);
  ProjectChanges fields;
  fields.adviser = std::optional<std::string>("kari@mnu.no");
  ProjectId id = f.create("Bakeri i Moss", fields).project.id;
  Snapshot before = f.snapshot(id);

  ProjectChanges same;
  same.title = "  Bakeri i Moss ";  // trimmed, it is the stored title
  same.adviser = std::optional<std::string>("kari@mnu.no");
  same.business_plan_complete = false;
  ProjectView view = f.update(id, same);
  CHECK(view.project.version == 1);
  CHECK(f.snapshot(id) == before);

  ProjectChanges changed;
  changed.adviser = std::optional<std::string>("per@mnu.no");
  changed.focus_area = std::optional<std::string>("green_industry");
  view = f.update(id, changed);
  CHECK(view.project.version == 2);
  CHECK(to_text(view.project) == to_text(f.project(id)));
  auto last = f.all_events(id).back();
  CHECK(last.kind == facilitator::core::EventKind::updated);
  CHECK(last.from_state == "idea");
  CHECK(last.to_state == "idea");
  REQUIRE(last.changes);
  auto changes = nlohmann::json::parse(*last.changes);
  CHECK(changes == nlohmann::json{{"adviser", "per@mnu.no"}, {"focus_area", "green_industry"}});
  CHECK(f.project(id).state_since == f.project(id).created_at);  // an edit does not move the project

  // Clearing a field is a change, recorded as null.
  ProjectChanges cleared;
  cleared.focus_area = std::optional<std::string>();
  view = f.update(id, cleared);
  CHECK(view.project.version == 3);
  CHECK_FALSE(view.project.facts.focus_area);
  CHECK(nlohmann::json::parse(*f.all_events(id).back().changes) == nlohmann::json{{"focus_area", nullptr}});
}
