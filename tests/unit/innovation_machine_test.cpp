// The innovation workflow (docs/design.md#workflow-innovation), driven event by event: through
// core::Workflow::decide as the engine uses it, and through the raw Boost.MSM machine, asserting
// the state after every event. Every transition and every guard is tried both allowed and rejected.

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "core/domain/facts.hpp"
#include "core/domain/workflow.hpp"
#include "workflow_test_support.hpp"
#include "workflows/common/msm_workflow.hpp"
#include "workflows/innovation/innovation.hpp"
#include "workflows/innovation/machine.hpp"

namespace {

using facilitator::core::Decision;
using facilitator::core::FundingStatus;
using facilitator::core::GuardContext;
using facilitator::core::GuardFailure;
using facilitator::core::GuardKind;
using facilitator::core::ProjectFacts;
using facilitator::core::Role;
using facilitator::core::StateKind;
using facilitator::core::TransitionDescription;
using facilitator::core::TransitionInput;
using facilitator::testing::Step;
using facilitator::testing::summary;
using InnovationWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::innovation::Definition>;
using Raw = facilitator::testing::RawMachine<InnovationWorkflow>;
using Ids = std::vector<std::string_view>;
namespace inn = facilitator::workflows::innovation;

const facilitator::core::Workflow& innovation() {
  static const auto workflow = facilitator::workflows::make_innovation_workflow();
  return *workflow;
}

/// Facts under which every guard of the table passes (resume also needs `parked_from`).
ProjectFacts ready_facts() {
  ProjectFacts facts;
  facts.adviser = "ola.nordmann";
  facts.municipality = "3112";  // Råde
  facts.organisation_number = "923609016";
  facts.result_summary = "A prototype tested with two customers.";
  facts.funding = {FundingStatus::granted};
  return facts;
}

TransitionInput full_input() { return TransitionInput{"Agreed with the company's manager.", "not_viable"}; }

facilitator::testing::Ask ask_innovation() { return {&innovation(), ready_facts(), full_input()}; }

// docs/design.md#workflow-innovation, written out by hand on purpose: the table must match the
// design, row for row.
constexpr std::array<Step, 19> kDesignTransitions{{
    {"idea", "start_pre_project", "pre_project"},
    {"pre_project", "submit_application", "application"},
    {"application", "revise", "pre_project"},
    {"application", "start_project", "in_progress"},
    {"in_progress", "complete", "completed"},
    {"idea", "park", "parked"},
    {"pre_project", "park", "parked"},
    {"application", "park", "parked"},
    {"in_progress", "park", "parked"},
    {"parked", "resume", "idea"},
    {"parked", "resume", "pre_project"},
    {"parked", "resume", "application"},
    {"parked", "resume", "in_progress"},
    {"idea", "close", "closed"},
    {"pre_project", "close", "closed"},
    {"application", "close", "closed"},
    {"in_progress", "close", "closed"},
    {"parked", "close", "closed"},
    {"closed", "reopen", "pre_project"},
}};

constexpr std::array<std::string_view, 4> kActiveStages{"idea", "pre_project", "application", "in_progress"};

bool design_has_row_from(std::string_view from, std::string_view event) {
  return std::any_of(kDesignTransitions.begin(), kDesignTransitions.end(),
                     [&](const Step& step) { return step.from == from && step.event == event; });
}

const TransitionDescription* find_row(std::string_view from, std::string_view event, std::string_view to) {
  const auto& rows = innovation().transitions();
  auto it = std::find_if(rows.begin(), rows.end(),
                         [&](const auto& row) { return row.from == from && row.event == event && row.to == to; });
  return it == rows.end() ? nullptr : &*it;
}

Ids guard_ids(const TransitionDescription& row) {
  Ids ids;
  for (const auto& guard : row.guards) ids.push_back(guard.id);
  return ids;
}

}  // namespace

// --- Every transition of docs/design.md#workflow-innovation ---------------------------------------

TEST_CASE("Innovation: every transition of the design guide is allowed when its guards pass",
          "[workflow][innovation]") {
  for (const Step& step : kDesignTransitions) {
    CAPTURE(step.from, step.event, step.to);
    auto ask = ask_innovation();
    if (step.event == "resume") ask.facts.parked_from = std::string(step.to);
    if (step.event == "revise") ask.facts.funding = {FundingStatus::rejected};
    CHECK(ask(step.from, step.event) == "allowed -> " + std::string(step.to));
  }
}

TEST_CASE("Innovation: the table has exactly the transitions of the design guide", "[workflow][innovation]") {
  const auto& rows = innovation().transitions();
  REQUIRE(rows.size() == kDesignTransitions.size());
  CHECK(InnovationWorkflow::kTableRows == 19);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i, rows[i].from, rows[i].event, rows[i].to);
    CHECK(rows[i].from == kDesignTransitions[i].from);
    CHECK(rows[i].event == kDesignTransitions[i].event);
    CHECK(rows[i].to == kDesignTransitions[i].to);
  }
}

TEST_CASE("Innovation: the rows carry the guards of the design guide", "[workflow][innovation]") {
  const std::vector<std::pair<Step, Ids>> expected{
      {{"idea", "start_pre_project", "pre_project"}, {"organisation_number_valid"}},
      {{"pre_project", "submit_application", "application"}, {"funding_application_registered"}},
      {{"application", "revise", "pre_project"}, {"no_funding_pending"}},
      {{"application", "start_project", "in_progress"}, {"funding_granted"}},
      {{"in_progress", "complete", "completed"}, {"result_summary_given"}},
      {{"closed", "reopen", "pre_project"}, {"actor_is_adviser_or_admin", "note_given", "organisation_number_valid"}},
  };
  for (const auto& [step, guards] : expected) {
    CAPTURE(step.from, step.event, step.to);
    const auto* row = find_row(step.from, step.event, step.to);
    REQUIRE(row != nullptr);
    CHECK(guard_ids(*row) == guards);
  }
  for (std::string_view stage : kActiveStages) {
    CAPTURE(stage);
    CHECK(guard_ids(*find_row(stage, "park", "parked")) == Ids{"note_given"});
    CHECK(guard_ids(*find_row("parked", "resume", stage)) == Ids{"parked_from"});
    CHECK(guard_ids(*find_row(stage, "close", "closed")) == Ids{"close_reason_given", "note_given"});
  }
  CHECK(guard_ids(*find_row("parked", "close", "closed")) == Ids{"close_reason_given", "note_given"});
  const auto* reopen = find_row("closed", "reopen", "pre_project");
  CHECK(reopen->guards[0].kind == GuardKind::actor);
  CHECK(reopen->guards[1].kind == GuardKind::input);
  CHECK(reopen->guards[2].kind == GuardKind::fact);
}

TEST_CASE("Innovation: the states are those of the design guide with their Norwegian labels and kinds",
          "[workflow][innovation]") {
  struct Expected {
    std::string_view id;
    std::string_view nb;
    StateKind kind;
    bool final;
  };
  const std::vector<Expected> expected{
      {"idea", "Idé", StateKind::active, false},           {"pre_project", "Forprosjekt", StateKind::active, false},
      {"application", "Søknad", StateKind::active, false}, {"in_progress", "Gjennomføring", StateKind::success, false},
      {"completed", "Fullført", StateKind::success, true}, {"parked", "Parkert", StateKind::parked, false},
      {"closed", "Avsluttet", StateKind::closed, true},
  };
  const auto& states = innovation().states();
  REQUIRE(states.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(expected[i].id);
    CHECK(states[i].id == expected[i].id);  // initial first, then in order of appearance in the table
    CHECK(states[i].label.nb == expected[i].nb);
    CHECK(states[i].kind == expected[i].kind);
    CHECK(states[i].final == expected[i].final);
  }
  CHECK(innovation().initial_state().id == "idea");
  CHECK(innovation().id() == "innovation");
  CHECK(innovation().label().nb == "Innovasjon");
}

TEST_CASE("Innovation: an event without a row from the current state is not possible, whatever the facts",
          "[workflow][innovation]") {
  auto ask = ask_innovation();
  for (const auto& state : innovation().states()) {
    for (const auto& event : innovation().events()) {
      if (design_has_row_from(state.id, event.id)) continue;
      CAPTURE(state.id, event.id);
      Decision decision = ask.decision(state.id, event.id);
      CHECK(summary(decision) == "not_possible");
      CHECK(decision.to.empty());
    }
  }
  // A few a person might try: skipping a stage, or going back where the design has no way back.
  CHECK(ask("idea", "submit_application") == "not_possible");
  CHECK(ask("pre_project", "start_project") == "not_possible");
  CHECK(ask("in_progress", "revise") == "not_possible");
  CHECK(ask("completed", "park") == "not_possible");
  CHECK(ask("completed", "close") == "not_possible");
  CHECK(ask("completed", "reopen") == "not_possible");
  CHECK(ask("closed", "close") == "not_possible");
  CHECK(ask("parked", "park") == "not_possible");
}

TEST_CASE("Innovation: unknown events and states are answered as such", "[workflow][innovation]") {
  auto ask = ask_innovation();
  CHECK(ask("idea", "start_screening") == "unknown_event");  // establishment's, not innovation's
  CHECK(ask("idea", "register_company") == "unknown_event");
  CHECK(ask("screening", "start_pre_project") == "unknown_state");
  CHECK(ask("", "park") == "unknown_state");
}

// --- Every guard, allowed and rejected ----------------------------------------------------------------

TEST_CASE("Innovation: the pre-project starts only with a valid organisation number", "[workflow][innovation]") {
  auto ask = ask_innovation();
  CHECK(ask("idea", "start_pre_project") == "allowed -> pre_project");
  ask.facts.organisation_number = "923 609 016";  // written in groups
  CHECK(ask("idea", "start_pre_project") == "allowed -> pre_project");

  for (const char* bad : {"923609017", "92360901", "9236090160", "", "ABCDEFGHI"}) {
    CAPTURE(bad);
    ask.facts.organisation_number = std::string(bad);
    CHECK(ask("idea", "start_pre_project") == "guard_failed: organisation_number_valid(organisation_number)");
  }
  ask.facts.organisation_number.reset();
  CHECK(ask("idea", "start_pre_project") == "guard_failed: organisation_number_valid(organisation_number)");
  // Nothing else is asked for: no adviser, no funding.
  ProjectFacts only_number;
  only_number.organisation_number = "923609016";
  ask.facts = only_number;
  CHECK(ask("idea", "start_pre_project") == "allowed -> pre_project");
}

TEST_CASE("Innovation: an application is submitted only when one is registered and not withdrawn",
          "[workflow][innovation]") {
  auto ask = ask_innovation();
  for (auto status : {FundingStatus::draft, FundingStatus::submitted, FundingStatus::granted}) {
    ask.facts.funding = {status};
    CHECK(ask("pre_project", "submit_application") == "allowed -> application");
  }
  ask.facts.funding = {FundingStatus::withdrawn, FundingStatus::submitted};
  CHECK(ask("pre_project", "submit_application") == "allowed -> application");

  ask.facts.funding.clear();
  CHECK(ask("pre_project", "submit_application") ==
        "guard_failed: funding_application_registered(funding_applications)");
  ask.facts.funding = {FundingStatus::withdrawn, FundingStatus::withdrawn};
  CHECK(ask("pre_project", "submit_application") ==
        "guard_failed: funding_application_registered(funding_applications)");
}

TEST_CASE("Innovation: the project starts only with a granted application", "[workflow][innovation]") {
  auto ask = ask_innovation();
  ask.facts.funding = {FundingStatus::rejected, FundingStatus::granted};
  CHECK(ask("application", "start_project") == "allowed -> in_progress");
  for (auto status :
       {FundingStatus::draft, FundingStatus::submitted, FundingStatus::rejected, FundingStatus::withdrawn}) {
    ask.facts.funding = {status};
    CHECK(ask("application", "start_project") == "guard_failed: funding_granted(funding_applications)");
  }
  ask.facts.funding.clear();
  CHECK(ask("application", "start_project") == "guard_failed: funding_granted(funding_applications)");
}

TEST_CASE("Innovation: back to the pre-project only when no application is pending", "[workflow][innovation]") {
  auto ask = ask_innovation();
  // The usual case: the application was rejected and the company reworks the project.
  for (auto decided : {FundingStatus::rejected, FundingStatus::withdrawn, FundingStatus::granted}) {
    ask.facts.funding = {decided};
    CHECK(ask("application", "revise") == "allowed -> pre_project");
  }
  ask.facts.funding.clear();
  CHECK(ask("application", "revise") == "allowed -> pre_project");
  for (auto pending : {FundingStatus::draft, FundingStatus::submitted}) {
    ask.facts.funding = {FundingStatus::rejected, pending};
    CHECK(ask("application", "revise") == "guard_failed: no_funding_pending(funding_applications)");
  }
}

TEST_CASE("Innovation: a project completes only with a result summary", "[workflow][innovation]") {
  auto ask = ask_innovation();
  CHECK(ask("in_progress", "complete") == "allowed -> completed");
  ask.facts.result_summary.reset();
  CHECK(ask("in_progress", "complete") == "guard_failed: result_summary_given(result_summary)");
  ask.facts.result_summary = " \t";
  CHECK(ask("in_progress", "complete") == "guard_failed: result_summary_given(result_summary)");
}

TEST_CASE("Innovation: parking needs a note, from every active stage", "[workflow][innovation]") {
  for (std::string_view stage : kActiveStages) {
    CAPTURE(stage);
    auto ask = ask_innovation();
    CHECK(ask(stage, "park") == "allowed -> parked");
    ask.input.note.reset();
    CHECK(ask(stage, "park") == "guard_failed: note_given(note)");
    ask.input.note = "\n";
    CHECK(ask(stage, "park") == "guard_failed: note_given(note)");
  }
}

TEST_CASE("Innovation: resume returns exactly to the stage the project was parked from", "[workflow][innovation]") {
  for (std::string_view stage : kActiveStages) {
    CAPTURE(stage);
    auto ask = ask_innovation();
    REQUIRE(ask(stage, "park") == "allowed -> parked");
    ask.facts.parked_from = std::string(stage);  // what the service records on the way in
    CHECK(ask("parked", "resume") == "allowed -> " + std::string(stage));
    // Resuming does not re-check the stage's entry guards: the project had passed them.
    ask.facts = ProjectFacts{};
    ask.facts.parked_from = std::string(stage);
    CHECK(ask("parked", "resume") == "allowed -> " + std::string(stage));
  }
  auto ask = ask_innovation();
  for (const char* nowhere : {"", "closed", "completed", "screening", "parked"}) {
    CAPTURE(nowhere);
    ask.facts.parked_from = std::string(nowhere);
    CHECK(ask("parked", "resume") == "guard_failed: parked_from(parked_from)");
  }
  ask.facts.parked_from.reset();
  CHECK(ask("parked", "resume") == "guard_failed: parked_from(parked_from)");
}

TEST_CASE("Innovation: closing needs a reason code and a note, from every non-final state", "[workflow][innovation]") {
  std::vector<std::string_view> open_states(kActiveStages.begin(), kActiveStages.end());
  open_states.push_back("parked");
  for (std::string_view state : open_states) {
    CAPTURE(state);
    auto ask = ask_innovation();
    for (std::string_view reason : {"not_viable", "withdrawn", "referred_elsewhere", "duplicate"}) {
      ask.input.reason = std::string(reason);
      CHECK(ask(state, "close") == "allowed -> closed");
    }
    ask.input.reason = "rejected";
    CHECK(ask(state, "close") == "guard_failed: close_reason_given(reason)");
    ask.input.reason = "duplicate";
    ask.input.note = " ";
    CHECK(ask(state, "close") == "guard_failed: note_given(note)");
    ask.input.reason.reset();
    CHECK(ask(state, "close") == "guard_failed: close_reason_given(reason), note_given(note)");
  }
}

TEST_CASE("Innovation: reopening goes to the pre-project, for advisers and admins, with a note and a valid number",
          "[workflow][innovation]") {
  auto ask = ask_innovation();
  for (Role role : {Role::adviser, Role::admin}) {
    ask.role = role;
    CHECK(ask("closed", "reopen") == "allowed -> pre_project");
  }
  for (Role role : {Role::entrepreneur, Role::management, Role::system}) {
    ask.role = role;
    CHECK(ask("closed", "reopen") == "guard_failed: actor_is_adviser_or_admin()");
  }
  ask.role = Role::adviser;
  ask.input.note.reset();
  CHECK(ask("closed", "reopen") == "guard_failed: note_given(note)");
  ask.input.note = "The company found a new partner.";
  // A project closed from `idea` may never have had a number: the pre-project asks for one.
  ask.facts.organisation_number.reset();
  CHECK(ask("closed", "reopen") == "guard_failed: organisation_number_valid(organisation_number)");
  ask.role = Role::entrepreneur;
  ask.input.note.reset();
  CHECK(ask("closed", "reopen") ==
        "guard_failed: actor_is_adviser_or_admin(), note_given(note), organisation_number_valid(organisation_number)");
}

TEST_CASE("Innovation: every failing guard is reported with a message in both languages", "[workflow][innovation]") {
  auto ask = ask_innovation();
  ask.facts = ProjectFacts{};
  ask.input = TransitionInput{};
  ask.role = Role::management;
  for (const Step& step : kDesignTransitions) {
    Decision decision = ask.decision(step.from, step.event);
    for (const GuardFailure& failure : decision.failures) {
      CAPTURE(step.from, step.event, failure.guard);
      CHECK_FALSE(failure.message.nb.empty());
      CHECK_FALSE(failure.message.en.empty());
    }
  }
}

// --- Inputs ---------------------------------------------------------------------------------------

TEST_CASE("Innovation: note and reason guards are the inputs of their events, and are not checked while listing",
          "[workflow][innovation]") {
  const auto* close = innovation().find_event("close");
  REQUIRE(close != nullptr);
  REQUIRE(close->inputs.size() == 2);
  CHECK(close->inputs[0].field == "reason");
  CHECK(close->inputs[0].allowed_values ==
        std::vector<std::string_view>{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"});
  CHECK(close->inputs[1].field == "note");
  for (std::string_view id : {"park", "reopen"}) {
    CAPTURE(id);
    const auto* event = innovation().find_event(id);
    REQUIRE(event != nullptr);
    REQUIRE(event->inputs.size() == 1);
    CHECK(event->inputs[0].field == "note");
  }
  for (std::string_view id :
       {"start_pre_project", "submit_application", "revise", "start_project", "complete", "resume"}) {
    CAPTURE(id);
    const auto* event = innovation().find_event(id);
    REQUIRE(event != nullptr);
    CHECK(event->inputs.empty());
  }

  const ProjectFacts facts{};
  GuardContext listing{facts, nullptr, Role::adviser};
  auto from_idea = innovation().available("idea", listing);
  REQUIRE(from_idea.size() == 3);
  CHECK(from_idea[0].event == "start_pre_project");
  CHECK_FALSE(from_idea[0].allowed);
  REQUIRE(from_idea[0].reasons.size() == 1);
  CHECK(from_idea[0].reasons[0].guard == "organisation_number_valid");
  CHECK(from_idea[1].event == "park");
  CHECK(from_idea[1].allowed);
  CHECK(from_idea[2].event == "close");
  CHECK(from_idea[2].allowed);

  auto from_application = innovation().available("application", listing);
  Ids events;
  for (const auto& a : from_application) events.push_back(a.event);
  CHECK(events == Ids{"revise", "start_project", "park", "close"});
}

// --- The raw MSM machine ------------------------------------------------------------------------------

namespace {
using boost::msm::back::HANDLED_FALSE;
using boost::msm::back::HANDLED_GUARD_REJECT;
using boost::msm::back::HANDLED_TRUE;
}  // namespace

TEST_CASE("Innovation: a started raw machine is in idea", "[workflow][innovation][msm]") {
  InnovationWorkflow::Machine machine;
  machine.start();
  CHECK(InnovationWorkflow::active_state(machine) == "idea");
}

TEST_CASE("Innovation: restoring any persisted state and reading it back gives the same id",
          "[workflow][innovation][msm]") {
  for (const auto& state : innovation().states()) {
    CAPTURE(state.id);
    InnovationWorkflow::Machine machine;
    InnovationWorkflow::restore(machine, state.id);
    CHECK(InnovationWorkflow::active_state(machine) == state.id);
  }
  InnovationWorkflow::Machine machine;
  CHECK_THROWS_AS(InnovationWorkflow::restore(machine, "screening"), std::invalid_argument);
  CHECK_THROWS_AS(InnovationWorkflow::restore(machine, "received"), std::invalid_argument);
}

TEST_CASE("Innovation: the raw machine walks the happy path from idea to completed", "[workflow][innovation][msm]") {
  Raw m("idea", ready_facts(), full_input());
  m.facts.funding = {FundingStatus::submitted};
  CHECK(m.machine.process_event(inn::StartPreProject{}) == HANDLED_TRUE);
  CHECK(m.state() == "pre_project");
  CHECK(m.machine.process_event(inn::SubmitApplication{}) == HANDLED_TRUE);
  CHECK(m.state() == "application");
  CHECK(m.machine.process_event(inn::StartProject{}) == HANDLED_GUARD_REJECT);  // not granted yet
  CHECK(m.state() == "application");
  m.failures.clear();
  m.facts.funding = {FundingStatus::granted};
  CHECK(m.machine.process_event(inn::StartProject{}) == HANDLED_TRUE);
  CHECK(m.state() == "in_progress");
  CHECK(m.machine.process_event(inn::Complete{}) == HANDLED_TRUE);
  CHECK(m.state() == "completed");
  CHECK(m.failures.empty());

  CHECK(m.machine.process_event(inn::Park{}) == HANDLED_FALSE);
  CHECK(m.machine.process_event(inn::Close{}) == HANDLED_FALSE);
  CHECK(m.machine.process_event(inn::Reopen{}) == HANDLED_FALSE);
  CHECK(m.state() == "completed");
}

TEST_CASE("Innovation: the raw machine goes back to the pre-project after a rejection and applies again",
          "[workflow][innovation][msm]") {
  Raw m("application", ready_facts(), full_input());
  m.facts.funding = {FundingStatus::submitted};
  CHECK(m.machine.process_event(inn::Revise{}) == HANDLED_GUARD_REJECT);  // still waiting for the decision
  CHECK(m.state() == "application");
  REQUIRE(m.failures.size() == 1);
  CHECK(m.failures[0].guard == "no_funding_pending");
  m.failures.clear();

  m.facts.funding = {FundingStatus::rejected};
  CHECK(m.machine.process_event(inn::Revise{}) == HANDLED_TRUE);
  CHECK(m.state() == "pre_project");
  m.facts.funding = {FundingStatus::rejected, FundingStatus::submitted};
  CHECK(m.machine.process_event(inn::SubmitApplication{}) == HANDLED_TRUE);
  CHECK(m.state() == "application");
  m.facts.funding = {FundingStatus::rejected, FundingStatus::granted};
  CHECK(m.machine.process_event(inn::StartProject{}) == HANDLED_TRUE);
  CHECK(m.state() == "in_progress");
  CHECK(m.failures.empty());
}

TEST_CASE("Innovation: the raw machine parks and resumes to the stage it left", "[workflow][innovation][msm]") {
  for (std::string_view stage : kActiveStages) {
    CAPTURE(stage);
    Raw m(stage, ready_facts(), full_input());
    CHECK(m.machine.process_event(inn::Park{}) == HANDLED_TRUE);
    CHECK(m.state() == "parked");
    CHECK(m.machine.process_event(inn::Resume{}) == HANDLED_GUARD_REJECT);  // not yet known where from
    CHECK(m.state() == "parked");
    m.facts.parked_from = std::string(stage);
    CHECK(m.machine.process_event(inn::Resume{}) == HANDLED_TRUE);
    CHECK(m.state() == stage);
  }
}

TEST_CASE("Innovation: the raw machine closes with a reason and reopens into the pre-project",
          "[workflow][innovation][msm]") {
  Raw m("application", ready_facts(), full_input());
  CHECK(m.machine.process_event(inn::Close{}) == HANDLED_TRUE);
  CHECK(m.state() == "closed");
  m.context.actor_role = Role::entrepreneur;
  CHECK(m.machine.process_event(inn::Reopen{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "closed");
  m.failures.clear();
  m.context.actor_role = Role::admin;
  CHECK(m.machine.process_event(inn::Reopen{}) == HANDLED_TRUE);
  CHECK(m.state() == "pre_project");
  CHECK(m.failures.empty());
}

TEST_CASE("Innovation: the raw machine stays put when a guard fails or no row leads anywhere",
          "[workflow][innovation][msm]") {
  Raw m("idea", ready_facts(), full_input());
  m.facts.organisation_number = "923609017";
  CHECK(m.machine.process_event(inn::StartPreProject{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "idea");
  REQUIRE(m.failures.size() == 1);
  CHECK(m.failures[0].guard == "organisation_number_valid");
  CHECK(m.failures[0].field == "organisation_number");
  m.failures.clear();
  CHECK(m.machine.process_event(inn::StartProject{}) == HANDLED_FALSE);
  CHECK(m.machine.process_event(inn::Resume{}) == HANDLED_FALSE);
  CHECK(m.state() == "idea");
  CHECK(m.failures.empty());
}
