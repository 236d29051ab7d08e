// The liaison workflow (næringssak, docs/design.md#workflow-liaison), driven event by event:
// through core::Workflow::decide as the engine uses it, and through the raw Boost.MSM machine,
// asserting the state after every event. Every transition and every guard is tried both allowed and
// rejected.

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
#include "workflows/liaison/liaison.hpp"
#include "workflows/liaison/machine.hpp"

namespace {

using facilitator::core::Decision;
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
using LiaisonWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::liaison::Definition>;
using Raw = facilitator::testing::RawMachine<LiaisonWorkflow>;
using Ids = std::vector<std::string_view>;
namespace lia = facilitator::workflows::liaison;

const facilitator::core::Workflow& liaison() {
  static const auto workflow = facilitator::workflows::make_liaison_workflow();
  return *workflow;
}

/// Facts under which every guard of the table passes.
ProjectFacts ready_facts() {
  ProjectFacts facts;
  facts.adviser = "kari.nordmann";
  facts.municipality = "3103";            // Moss
  facts.municipal_unit = "Plan og bygg";  // the unit that handles building permits
  return facts;
}

TransitionInput full_input() {
  return TransitionInput{"The zoning plan allows a café on the ground floor; apply for change of use.", "withdrawn"};
}

facilitator::testing::Ask ask_liaison() { return {&liaison(), ready_facts(), full_input()}; }

// docs/design.md#workflow-liaison, written out by hand on purpose: the table must match the design,
// row for row.
constexpr std::array<Step, 8> kDesignTransitions{{
    {"received", "assign", "assigned"},
    {"assigned", "refer", "referred"},
    {"assigned", "answer", "answered"},
    {"referred", "answer", "answered"},
    {"answered", "close", "closed"},
    {"received", "withdraw", "closed"},
    {"assigned", "withdraw", "closed"},
    {"referred", "withdraw", "closed"},
}};

constexpr std::array<std::string_view, 3> kUnanswered{"received", "assigned", "referred"};

bool design_has_row_from(std::string_view from, std::string_view event) {
  return std::any_of(kDesignTransitions.begin(), kDesignTransitions.end(),
                     [&](const Step& step) { return step.from == from && step.event == event; });
}

const TransitionDescription* find_row(std::string_view from, std::string_view event, std::string_view to) {
  const auto& rows = liaison().transitions();
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

// --- Every transition of docs/design.md#workflow-liaison ------------------------------------------

TEST_CASE("Liaison: every transition of the design guide is allowed when its guards pass", "[workflow][liaison]") {
  for (const Step& step : kDesignTransitions) {
    CAPTURE(step.from, step.event, step.to);
    auto ask = ask_liaison();
    CHECK(ask(step.from, step.event) == "allowed -> " + std::string(step.to));
  }
}

TEST_CASE("Liaison: the table has exactly the transitions of the design guide", "[workflow][liaison]") {
  const auto& rows = liaison().transitions();
  REQUIRE(rows.size() == kDesignTransitions.size());
  CHECK(LiaisonWorkflow::kTableRows == 8);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i, rows[i].from, rows[i].event, rows[i].to);
    CHECK(rows[i].from == kDesignTransitions[i].from);
    CHECK(rows[i].event == kDesignTransitions[i].event);
    CHECK(rows[i].to == kDesignTransitions[i].to);
  }
}

TEST_CASE("Liaison: the rows carry the guards of the design guide", "[workflow][liaison]") {
  const std::vector<std::pair<Step, Ids>> expected{
      {{"received", "assign", "assigned"}, {"adviser_assigned"}},
      {{"assigned", "refer", "referred"}, {"municipal_unit_set"}},
      {{"assigned", "answer", "answered"}, {"answer_given"}},
      {{"referred", "answer", "answered"}, {"answer_given"}},
      {{"answered", "close", "closed"}, {}},
      {{"received", "withdraw", "closed"}, {"close_reason_given", "note_given"}},
      {{"assigned", "withdraw", "closed"}, {"close_reason_given", "note_given"}},
      {{"referred", "withdraw", "closed"}, {"close_reason_given", "note_given"}},
  };
  for (const auto& [step, guards] : expected) {
    CAPTURE(step.from, step.event, step.to);
    const auto* row = find_row(step.from, step.event, step.to);
    REQUIRE(row != nullptr);
    CHECK(guard_ids(*row) == guards);
  }
  CHECK(find_row("assigned", "refer", "referred")->guards[0].kind == GuardKind::fact);
  CHECK(find_row("assigned", "answer", "answered")->guards[0].kind == GuardKind::input);
}

TEST_CASE("Liaison: the states are those of the design guide with their Norwegian labels and kinds",
          "[workflow][liaison]") {
  struct Expected {
    std::string_view id;
    std::string_view nb;
    StateKind kind;
    bool final;
  };
  const std::vector<Expected> expected{
      {"received", "Mottatt", StateKind::active, false}, {"assigned", "Tildelt", StateKind::active, false},
      {"referred", "Henvist", StateKind::active, false}, {"answered", "Besvart", StateKind::success, false},
      {"closed", "Avsluttet", StateKind::closed, true},
  };
  const auto& states = liaison().states();
  REQUIRE(states.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(expected[i].id);
    CHECK(states[i].id == expected[i].id);
    CHECK(states[i].label.nb == expected[i].nb);
    CHECK(states[i].kind == expected[i].kind);
    CHECK(states[i].final == expected[i].final);
  }
  CHECK(liaison().initial_state().id == "received");
  CHECK(liaison().id() == "liaison");
  CHECK(liaison().label().nb == "Næringssak");
  // No parking in a case with a running deadline.
  CHECK(std::none_of(states.begin(), states.end(), [](const auto& s) { return s.kind == StateKind::parked; }));
}

TEST_CASE("Liaison: an event without a row from the current state is not possible, whatever the facts",
          "[workflow][liaison]") {
  auto ask = ask_liaison();
  for (const auto& state : liaison().states()) {
    for (const auto& event : liaison().events()) {
      if (design_has_row_from(state.id, event.id)) continue;
      CAPTURE(state.id, event.id);
      Decision decision = ask.decision(state.id, event.id);
      CHECK(summary(decision) == "not_possible");
      CHECK(decision.to.empty());
    }
  }
  CHECK(ask("received", "answer") == "not_possible");  // someone must own the case first
  CHECK(ask("received", "refer") == "not_possible");
  CHECK(ask("referred", "refer") == "not_possible");
  CHECK(ask("answered", "withdraw") == "not_possible");  // an answered case is closed, not withdrawn
  CHECK(ask("received", "close") == "not_possible");     // an unanswered case is withdrawn, with a reason
  CHECK(ask("closed", "withdraw") == "not_possible");
  CHECK(ask("closed", "close") == "not_possible");
}

TEST_CASE("Liaison: parking and reopening are no events of a liaison case", "[workflow][liaison]") {
  auto ask = ask_liaison();
  CHECK(ask("assigned", "park") == "unknown_event");
  CHECK(ask("assigned", "resume") == "unknown_event");
  CHECK(ask("closed", "reopen") == "unknown_event");
  CHECK(ask("idea", "assign") == "unknown_state");
  CHECK(ask("parked", "assign") == "unknown_state");
}

// --- Every guard, allowed and rejected ----------------------------------------------------------------

TEST_CASE("Liaison: a case is assigned only when an adviser is set", "[workflow][liaison]") {
  auto ask = ask_liaison();
  CHECK(ask("received", "assign") == "allowed -> assigned");
  ask.facts.adviser.reset();
  CHECK(ask("received", "assign") == "guard_failed: adviser_assigned(adviser)");
  ask.facts.adviser = " ";
  CHECK(ask("received", "assign") == "guard_failed: adviser_assigned(adviser)");
}

TEST_CASE("Liaison: a case is referred only to a named municipal unit", "[workflow][liaison]") {
  auto ask = ask_liaison();
  CHECK(ask("assigned", "refer") == "allowed -> referred");
  ask.facts.municipal_unit.reset();
  CHECK(ask("assigned", "refer") == "guard_failed: municipal_unit_set(municipal_unit)");
  ask.facts.municipal_unit = "\t ";
  CHECK(ask("assigned", "refer") == "guard_failed: municipal_unit_set(municipal_unit)");
  // The municipality is not the unit.
  ask.facts.municipality = "3114";
  CHECK(ask("assigned", "refer") == "guard_failed: municipal_unit_set(municipal_unit)");
}

TEST_CASE("Liaison: a case is answered only with the answer in the note, directly or after a referral",
          "[workflow][liaison]") {
  for (std::string_view from : {"assigned", "referred"}) {
    CAPTURE(from);
    auto ask = ask_liaison();
    CHECK(ask(from, "answer") == "allowed -> answered");
    ask.input.note.reset();
    CHECK(ask(from, "answer") == "guard_failed: answer_given(note)");
    ask.input.note = "  ";
    CHECK(ask(from, "answer") == "guard_failed: answer_given(note)");
    // The answer is all it takes: no facts are asked for.
    ask.input.note = "Yes.";
    ask.facts = ProjectFacts{};
    CHECK(ask(from, "answer") == "allowed -> answered");
  }
}

TEST_CASE("Liaison: an answered case closes without conditions", "[workflow][liaison]") {
  auto ask = ask_liaison();
  ask.facts = ProjectFacts{};
  ask.input = TransitionInput{};
  ask.role = Role::adviser;
  CHECK(ask("answered", "close") == "allowed -> closed");
  ask.with_input = false;
  CHECK(ask("answered", "close") == "allowed -> closed");
}

TEST_CASE("Liaison: withdrawing an unanswered case needs a reason code and a note", "[workflow][liaison]") {
  for (std::string_view state : kUnanswered) {
    CAPTURE(state);
    auto ask = ask_liaison();
    for (std::string_view reason : {"not_viable", "withdrawn", "referred_elsewhere", "duplicate"}) {
      ask.input.reason = std::string(reason);
      CHECK(ask(state, "withdraw") == "allowed -> closed");
    }
    ask.input.reason = "answered";
    CHECK(ask(state, "withdraw") == "guard_failed: close_reason_given(reason)");
    ask.input.reason = "withdrawn";
    ask.input.note.reset();
    CHECK(ask(state, "withdraw") == "guard_failed: note_given(note)");
    ask.input.reason.reset();
    CHECK(ask(state, "withdraw") == "guard_failed: close_reason_given(reason), note_given(note)");
  }
}

TEST_CASE("Liaison: every failing guard is reported with a message in both languages", "[workflow][liaison]") {
  auto ask = ask_liaison();
  ask.facts = ProjectFacts{};
  ask.input = TransitionInput{};
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

TEST_CASE("Liaison: the answer and the withdrawal reason are inputs, not checked while listing",
          "[workflow][liaison]") {
  const auto* answer = liaison().find_event("answer");
  REQUIRE(answer != nullptr);
  REQUIRE(answer->inputs.size() == 1);
  CHECK(answer->inputs[0].field == "note");
  CHECK(answer->inputs[0].allowed_values.empty());

  const auto* withdraw = liaison().find_event("withdraw");
  REQUIRE(withdraw != nullptr);
  REQUIRE(withdraw->inputs.size() == 2);
  CHECK(withdraw->inputs[0].field == "reason");
  CHECK(withdraw->inputs[0].allowed_values ==
        std::vector<std::string_view>{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"});
  CHECK(withdraw->inputs[1].field == "note");

  for (std::string_view id : {"assign", "refer", "close"}) {
    CAPTURE(id);
    const auto* event = liaison().find_event(id);
    REQUIRE(event != nullptr);
    CHECK(event->inputs.empty());
  }

  ProjectFacts facts;
  facts.adviser = "kari.nordmann";
  GuardContext listing{facts, nullptr, Role::adviser};
  auto from_assigned = liaison().available("assigned", listing);
  REQUIRE(from_assigned.size() == 3);
  CHECK(from_assigned[0].event == "refer");
  CHECK_FALSE(from_assigned[0].allowed);
  REQUIRE(from_assigned[0].reasons.size() == 1);
  CHECK(from_assigned[0].reasons[0].guard == "municipal_unit_set");
  CHECK(from_assigned[1].event == "answer");
  CHECK(from_assigned[1].allowed);  // the answer comes with the request
  CHECK(from_assigned[2].event == "withdraw");
  CHECK(from_assigned[2].allowed);
  CHECK(liaison().available("closed", listing).empty());
}

// --- The raw MSM machine ------------------------------------------------------------------------------

namespace {
using boost::msm::back::HANDLED_FALSE;
using boost::msm::back::HANDLED_GUARD_REJECT;
using boost::msm::back::HANDLED_TRUE;
}  // namespace

TEST_CASE("Liaison: a started raw machine is in received", "[workflow][liaison][msm]") {
  LiaisonWorkflow::Machine machine;
  machine.start();
  CHECK(LiaisonWorkflow::active_state(machine) == "received");
}

TEST_CASE("Liaison: restoring any persisted state and reading it back gives the same id", "[workflow][liaison][msm]") {
  for (const auto& state : liaison().states()) {
    CAPTURE(state.id);
    LiaisonWorkflow::Machine machine;
    LiaisonWorkflow::restore(machine, state.id);
    CHECK(LiaisonWorkflow::active_state(machine) == state.id);
  }
  LiaisonWorkflow::Machine machine;
  CHECK_THROWS_AS(LiaisonWorkflow::restore(machine, "parked"), std::invalid_argument);
  CHECK_THROWS_AS(LiaisonWorkflow::restore(machine, "idea"), std::invalid_argument);
}

TEST_CASE("Liaison: the raw machine takes a case through a referral to its answer and closes it",
          "[workflow][liaison][msm]") {
  Raw m("received", ready_facts(), full_input());
  CHECK(m.machine.process_event(lia::Assign{}) == HANDLED_TRUE);
  CHECK(m.state() == "assigned");
  CHECK(m.machine.process_event(lia::Refer{}) == HANDLED_TRUE);
  CHECK(m.state() == "referred");
  CHECK(m.machine.process_event(lia::Answer{}) == HANDLED_TRUE);
  CHECK(m.state() == "answered");
  CHECK(m.machine.process_event(lia::Withdraw{}) == HANDLED_FALSE);
  CHECK(m.state() == "answered");
  CHECK(m.machine.process_event(lia::Close{}) == HANDLED_TRUE);
  CHECK(m.state() == "closed");
  CHECK(m.failures.empty());
  for (auto handled : {m.machine.process_event(lia::Assign{}), m.machine.process_event(lia::Answer{}),
                       m.machine.process_event(lia::Close{}), m.machine.process_event(lia::Withdraw{})})
    CHECK(handled == HANDLED_FALSE);
  CHECK(m.state() == "closed");
}

TEST_CASE("Liaison: the raw machine answers directly from assigned", "[workflow][liaison][msm]") {
  Raw m("received", ready_facts(), full_input());
  m.facts.municipal_unit.reset();
  CHECK(m.machine.process_event(lia::Assign{}) == HANDLED_TRUE);
  CHECK(m.machine.process_event(lia::Refer{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "assigned");
  REQUIRE(m.failures.size() == 1);
  CHECK(m.failures[0].guard == "municipal_unit_set");
  m.failures.clear();
  CHECK(m.machine.process_event(lia::Answer{}) == HANDLED_TRUE);
  CHECK(m.state() == "answered");
}

TEST_CASE("Liaison: the raw machine withdraws an unanswered case", "[workflow][liaison][msm]") {
  for (std::string_view state : kUnanswered) {
    CAPTURE(state);
    Raw m(state, ready_facts(), full_input());
    m.input.reason.reset();
    CHECK(m.machine.process_event(lia::Withdraw{}) == HANDLED_GUARD_REJECT);
    CHECK(m.state() == state);
    m.input.reason = "duplicate";
    CHECK(m.machine.process_event(lia::Withdraw{}) == HANDLED_TRUE);
    CHECK(m.state() == "closed");
  }
}

TEST_CASE("Liaison: the raw machine stays put when a guard fails or no row leads anywhere",
          "[workflow][liaison][msm]") {
  Raw m("received", ready_facts(), full_input());
  m.facts.adviser.reset();
  CHECK(m.machine.process_event(lia::Assign{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "received");
  m.failures.clear();
  CHECK(m.machine.process_event(lia::Answer{}) == HANDLED_FALSE);
  CHECK(m.machine.process_event(lia::Close{}) == HANDLED_FALSE);
  CHECK(m.state() == "received");
  CHECK(m.failures.empty());
}
