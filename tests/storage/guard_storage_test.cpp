// Refusals through ProjectService and a real database: each failed guard names itself and the field
// to fix, and a refused command writes nothing (docs/design.md#transition-order).

#include "storage_fixture.hpp"

using namespace facilitator::storage_test;
using Outcome = facilitator::core::Decision::Outcome;

namespace {

using Guards = std::vector<std::string>;

/// Tries the event at the current version and checks it is refused for exactly `guards`, with a
/// message in both languages for each, and that nothing about the project changed.
void expect_refused(Fixture& f, ProjectId id, const std::string& event, const Guards& guards,
                    std::optional<std::string> note = std::nullopt, std::optional<std::string> reason = std::nullopt,
                    const Actor& actor = kAdviser) {
  INFO("event " << event << " in " << f.project(id).state);
  Snapshot before = f.snapshot(id);
  auto rejected = thrown<TransitionRejected>([&] { f.move(id, event, note, reason, actor); });
  REQUIRE(rejected);
  CHECK(rejected->code() == ErrorCode::transition_rejected);
  CHECK(rejected->event() == event);
  CHECK(rejected->state() == f.project(id).state);
  CHECK(rejected->decision().outcome == Outcome::guard_failed);
  CHECK(failed_guards(*rejected) == guards);
  for (const auto& failure : rejected->decision().failures) {
    CHECK_FALSE(failure.message.nb.empty());
    CHECK_FALSE(failure.message.en.empty());
    CHECK_THAT(std::string(rejected->what()), Catch::Contains(std::string(failure.message.en)));
  }
  CHECK(f.snapshot(id) == before);
}

ProjectChanges text_fact(facilitator::core::Change<std::string> ProjectChanges::*field, const std::string& value) {
  ProjectChanges c;
  c.*field = std::optional<std::string>(value);
  return c;
}

}  // namespace

BACKEND_TEST_CASE("Each establishment guard refuses with its id and field and writes nothing", "[storage][guards]") {
  Fixture f(backend);
  ProjectId id = f.create("Bakeri i Moss").project.id;

  // idea → screening needs an adviser.
  expect_refused(f, id, "start_screening", {"adviser_assigned/adviser"});
  f.update(id, text_fact(&ProjectChanges::adviser, "kari@mnu.no"));
  f.move(id, "start_screening");

  // screening → business_plan needs both, and both are reported at once.
  expect_refused(f, id, "start_business_plan", {"focus_area_set/focus_area", "municipality_set/municipality"});
  f.update(id, text_fact(&ProjectChanges::focus_area, "tourism"));
  expect_refused(f, id, "start_business_plan", {"municipality_set/municipality"});
  f.update(id, text_fact(&ProjectChanges::municipality, "3103"));
  f.move(id, "start_business_plan");

  // business_plan → funding needs a complete plan and an application that is not withdrawn.
  expect_refused(
      f, id, "apply_for_funding",
      {"business_plan_complete/business_plan_complete", "funding_application_registered/funding_applications"});
  FundingId withdrawn = f.add_funding(id, 100000).id;
  f.set_funding_status(id, withdrawn, FundingStatus::withdrawn);
  ProjectChanges plan;
  plan.business_plan_complete = true;
  f.update(id, plan);
  expect_refused(f, id, "apply_for_funding", {"funding_application_registered/funding_applications"});

  // business_plan → established without funding needs the company and self-financing.
  expect_refused(f, id, "register_company",
                 {"organisation_number_valid/organisation_number", "registration_date_set/registration_date",
                  "self_financed/self_financed"});

  FundingId application = f.add_funding(id, 200000, FundingStatus::submitted).id;
  f.move(id, "apply_for_funding");

  // funding → established needs the company and a granted application.
  expect_refused(f, id, "register_company",
                 {"funding_granted/funding_applications", "organisation_number_valid/organisation_number",
                  "registration_date_set/registration_date"});
  ProjectChanges company;
  company.organisation_number = std::optional<std::string>(kOrganisationNumber);
  company.registration_date = std::optional<std::string>("2026-03-10");
  f.update(id, company);
  expect_refused(f, id, "register_company", {"funding_granted/funding_applications"});
  f.set_funding_status(id, application, FundingStatus::rejected);
  expect_refused(f, id, "register_company", {"funding_granted/funding_applications"});
  f.add_funding(id, 50000, FundingStatus::granted, 50000);
  f.move(id, "register_company");
  f.move(id, "start_follow_up");

  // follow_up → completed needs a result summary.
  expect_refused(f, id, "complete", {"result_summary_given/result_summary"});

  // park needs a note (blank is not a note); close needs a known reason code and a note.
  expect_refused(f, id, "park", {"note_given/note"});
  expect_refused(f, id, "park", {"note_given/note"}, " \t\n");
  expect_refused(f, id, "close", {"close_reason_given/reason", "note_given/note"});
  expect_refused(f, id, "close", {"close_reason_given/reason"}, "Gir opp.", "bored");
  expect_refused(f, id, "close", {"note_given/note"}, std::nullopt, "withdrawn");

  // reopen needs an adviser or admin, and a note.
  f.move(id, "close", "Gir opp.", "withdrawn");
  expect_refused(f, id, "reopen", {"actor_is_adviser_or_admin/", "note_given/note"}, std::nullopt, std::nullopt,
                 kEntrepreneur);
  expect_refused(f, id, "reopen", {"note_given/note"});
}

BACKEND_TEST_CASE("An event that does not lead anywhere from the state, or that the workflow lacks, is refused",
                  "[storage][guards]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  for (const std::string event : {"complete", "resume", "reopen", "register_company", "start_screening"}) {
    INFO(event);
    Snapshot before = f.snapshot(id);
    auto rejected = thrown<TransitionRejected>([&] { f.move(id, event, "notat", "duplicate"); });
    REQUIRE(rejected);
    CHECK(rejected->decision().outcome == Outcome::not_possible);
    CHECK(rejected->decision().failures.empty());
    CHECK(f.snapshot(id) == before);
  }
  Snapshot before = f.snapshot(id);
  auto unknown = thrown<TransitionRejected>([&] { f.move(id, "teleport"); });
  REQUIRE(unknown);
  CHECK(unknown->decision().outcome == Outcome::unknown_event);
  CHECK(f.snapshot(id) == before);
}

BACKEND_TEST_CASE("A stale expected version is a conflict carrying the current state and version, and writes nothing",
                  "[storage][guards]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");  // created, start_screening: version 2
  REQUIRE(f.project(id).version == 2);
  Snapshot before = f.snapshot(id);

  for (std::int64_t stale : {std::int64_t{1}, std::int64_t{3}, std::int64_t{0}, std::int64_t{-5}}) {
    INFO("expected version " << stale);
    TransitionCommand command = f.command(id, "park", "På vent.");
    command.expected_version = stale;
    auto conflict = thrown<VersionConflict>([&] { f.service().transition(command, kAdviser); });
    REQUIRE(conflict);
    CHECK(conflict->code() == ErrorCode::version_conflict);
    CHECK(conflict->current_state() == "screening");
    CHECK(conflict->current_version() == 2);
    CHECK(f.snapshot(id) == before);
  }

  // The version is checked before the workflow: a stale caller learns it is stale, whatever it asked.
  TransitionCommand impossible = f.command(id, "complete");
  impossible.expected_version = 1;
  auto conflict = thrown<VersionConflict>([&] { f.service().transition(impossible, kAdviser); });
  REQUIRE(conflict);
  CHECK(conflict->current_version() == 2);

  // Edits and funding decisions are versioned the same way.
  auto stale_update = thrown<VersionConflict>(
      [&] { f.service().update(id, 1, text_fact(&ProjectChanges::adviser, "per@mnu.no"), kAdviser); });
  REQUIRE(stale_update);
  CHECK(stale_update->current_state() == "screening");
  CHECK(stale_update->current_version() == 2);
  CHECK(f.snapshot(id) == before);

  FundingApplication application = f.add_funding(id, 10000);
  f.set_funding_status(id, application.id, FundingStatus::submitted);  // version 2
  Snapshot with_funding = f.snapshot(id);
  FundingChanges decision;
  decision.status = FundingStatus::rejected;
  auto stale_funding =
      thrown<VersionConflict>([&] { f.service().update_funding(id, application.id, 1, decision, kAdviser); });
  REQUIRE(stale_funding);
  CHECK(stale_funding->current_version() == 2);
  CHECK(stale_funding->current_state() == "submitted");
  CHECK(f.snapshot(id) == with_funding);
}
