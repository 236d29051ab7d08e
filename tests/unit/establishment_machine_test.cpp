// The establishment workflow (docs/design.md#workflow-establishment), driven event by event:
// through core::Workflow::decide as the engine uses it, and through the raw Boost.MSM machine,
// asserting the state after every event. Every transition and every guard is tried both allowed and
// rejected.

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "core/domain/facts.hpp"
#include "core/domain/workflow.hpp"
#include "workflows/common/msm_workflow.hpp"
#include "workflows/establishment/establishment.hpp"
#include "workflows/establishment/machine.hpp"

namespace {

using facilitator::core::Decision;
using facilitator::core::FundingStatus;
using facilitator::core::GuardContext;
using facilitator::core::GuardFailure;
using facilitator::core::ProjectFacts;
using facilitator::core::Role;
using facilitator::core::TransitionInput;
using Outcome = Decision::Outcome;
using EstablishmentWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::establishment::Definition>;
using Machine = EstablishmentWorkflow::Machine;
namespace est = facilitator::workflows::establishment;

const facilitator::core::Workflow& establishment() {
  static const auto workflow = facilitator::workflows::make_establishment_workflow();
  return *workflow;
}

/// Facts under which every guard of the table passes (resume also needs `parked_from`).
ProjectFacts ready_facts() {
  ProjectFacts facts;
  facts.adviser = "kari.nordmann";
  facts.municipality = "3103";  // Moss
  facts.focus_area = "food_and_drink";
  facts.organisation_number = "923609016";
  facts.registration_date = "2024-03-01";
  facts.result_summary = "Three employees after the first year.";
  facts.business_plan_complete = true;
  facts.self_financed = true;
  facts.funding = {FundingStatus::granted};
  return facts;
}

TransitionInput full_input() { return TransitionInput{"Agreed at the meeting on Tuesday.", "withdrawn"}; }

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::allowed:
      return "allowed";
    case Outcome::not_possible:
      return "not_possible";
    case Outcome::guard_failed:
      return "guard_failed";
    case Outcome::unknown_event:
      return "unknown_event";
    case Outcome::unknown_state:
      return "unknown_state";
  }
  return "?";
}

/// A decision in one line: "allowed -> screening", "guard_failed: adviser_assigned(adviser)", ...
/// so a failed check shows the whole answer.
std::string summary(const Decision& decision) {
  std::string text(outcome_name(decision.outcome));
  if (decision.outcome == Outcome::allowed) text += " -> " + decision.to;
  for (std::size_t i = 0; i < decision.failures.size(); ++i) {
    const GuardFailure& failure = decision.failures[i];
    text += (i == 0 ? ": " : ", ") + failure.guard + "(" + failure.field + ")";
  }
  return text;
}

/// One question to the workflow; each test changes the facts, the input or the role it needs.
struct Ask {
  ProjectFacts facts = ready_facts();
  TransitionInput input = full_input();
  Role role = Role::adviser;
  bool with_input = true;  // false: only listing what is available, as the board does

  [[nodiscard]] Decision decision(std::string_view state, std::string_view event) const {
    GuardContext context{facts, with_input ? &input : nullptr, role};
    return establishment().decide(state, event, context);
  }
  [[nodiscard]] std::string operator()(std::string_view state, std::string_view event) const {
    return summary(decision(state, event));
  }
};

struct Step {
  std::string_view from;
  std::string_view event;
  std::string_view to;
};

// docs/design.md#workflow-establishment, written out by hand on purpose: the table must match the
// design, row for row.
constexpr std::array<Step, 28> kDesignTransitions{{
    {"idea", "start_screening", "screening"},
    {"screening", "start_business_plan", "business_plan"},
    {"business_plan", "apply_for_funding", "funding"},
    {"funding", "revise_plan", "business_plan"},
    {"funding", "register_company", "established"},
    {"business_plan", "register_company", "established"},
    {"established", "start_follow_up", "follow_up"},
    {"follow_up", "complete", "completed"},
    {"idea", "park", "parked"},
    {"screening", "park", "parked"},
    {"business_plan", "park", "parked"},
    {"funding", "park", "parked"},
    {"established", "park", "parked"},
    {"follow_up", "park", "parked"},
    {"parked", "resume", "idea"},
    {"parked", "resume", "screening"},
    {"parked", "resume", "business_plan"},
    {"parked", "resume", "funding"},
    {"parked", "resume", "established"},
    {"parked", "resume", "follow_up"},
    {"idea", "close", "closed"},
    {"screening", "close", "closed"},
    {"business_plan", "close", "closed"},
    {"funding", "close", "closed"},
    {"established", "close", "closed"},
    {"follow_up", "close", "closed"},
    {"parked", "close", "closed"},
    {"closed", "reopen", "screening"},
}};

constexpr std::array<std::string_view, 6> kActiveStages{"idea",    "screening",   "business_plan",
                                                        "funding", "established", "follow_up"};

bool design_has_row_from(std::string_view from, std::string_view event) {
  for (const Step& step : kDesignTransitions)
    if (step.from == from && step.event == event) return true;
  return false;
}

}  // namespace

// --- Every transition of docs/design.md#workflow-establishment ------------------------------------

TEST_CASE("Every transition of the design guide is allowed when its guards pass", "[workflow][establishment]") {
  for (const Step& step : kDesignTransitions) {
    CAPTURE(step.from, step.event, step.to);
    Ask ask;
    if (step.event == "resume") ask.facts.parked_from = std::string(step.to);
    CHECK(ask(step.from, step.event) == "allowed -> " + std::string(step.to));
  }
}

TEST_CASE("The establishment table has exactly the transitions of the design guide", "[workflow][establishment]") {
  const auto& rows = establishment().transitions();
  REQUIRE(rows.size() == kDesignTransitions.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i, rows[i].from, rows[i].event, rows[i].to);
    CHECK(rows[i].from == kDesignTransitions[i].from);
    CHECK(rows[i].event == kDesignTransitions[i].event);
    CHECK(rows[i].to == kDesignTransitions[i].to);
  }
}

TEST_CASE("An event without a row from the current state is not possible, whatever the facts",
          "[workflow][establishment]") {
  Ask ask;
  for (const auto& state : establishment().states()) {
    for (const auto& event : establishment().events()) {
      if (design_has_row_from(state.id, event.id)) continue;
      CAPTURE(state.id, event.id);
      Decision decision = ask.decision(state.id, event.id);
      CHECK(summary(decision) == "not_possible");
      CHECK(decision.to.empty());
    }
  }
  // A few a person might try.
  CHECK(ask("idea", "register_company") == "not_possible");
  CHECK(ask("completed", "park") == "not_possible");
  CHECK(ask("completed", "close") == "not_possible");
  CHECK(ask("closed", "close") == "not_possible");
  CHECK(ask("parked", "park") == "not_possible");
  CHECK(ask("screening", "resume") == "not_possible");
  CHECK(ask("funding", "reopen") == "not_possible");
}

TEST_CASE("An event the workflow does not know is an unknown event", "[workflow][establishment]") {
  Ask ask;
  CHECK(ask("idea", "fly_to_the_moon") == "unknown_event");
  CHECK(ask("idea", "") == "unknown_event");
  CHECK(ask("idea", "Start_screening") == "unknown_event");  // ids are case-sensitive
}

TEST_CASE("A state the workflow does not know is an unknown state", "[workflow][establishment]") {
  Ask ask;
  CHECK(ask("limbo", "start_screening") == "unknown_state");
  CHECK(ask("", "start_screening") == "unknown_state");
  CHECK(ask("limbo", "fly_to_the_moon") == "unknown_state");  // the state is checked first
}

// --- Every guard, allowed and rejected ----------------------------------------------------------------

TEST_CASE("Screening starts only when an adviser is assigned", "[workflow][establishment]") {
  Ask ask;
  CHECK(ask("idea", "start_screening") == "allowed -> screening");
  ask.facts.adviser.reset();
  CHECK(ask("idea", "start_screening") == "guard_failed: adviser_assigned(adviser)");
  ask.facts.adviser = "  \t";
  CHECK(ask("idea", "start_screening") == "guard_failed: adviser_assigned(adviser)");
}

TEST_CASE("The business plan starts only when focus area and municipality are set", "[workflow][establishment]") {
  Ask ask;
  CHECK(ask("screening", "start_business_plan") == "allowed -> business_plan");
  ask.facts.focus_area.reset();
  CHECK(ask("screening", "start_business_plan") == "guard_failed: focus_area_set(focus_area)");
  ask.facts.municipality.reset();
  CHECK(ask("screening", "start_business_plan") ==
        "guard_failed: focus_area_set(focus_area), municipality_set(municipality)");
  ask.facts.focus_area = "tourism";
  CHECK(ask("screening", "start_business_plan") == "guard_failed: municipality_set(municipality)");
}

TEST_CASE("Applying for funding needs a complete plan and a registered application", "[workflow][establishment]") {
  Ask ask;
  ask.facts.funding = {FundingStatus::submitted};
  CHECK(ask("business_plan", "apply_for_funding") == "allowed -> funding");
  ask.facts.funding = {FundingStatus::draft};
  CHECK(ask("business_plan", "apply_for_funding") == "allowed -> funding");

  ask.facts.business_plan_complete = false;
  CHECK(ask("business_plan", "apply_for_funding") == "guard_failed: business_plan_complete(business_plan_complete)");

  ask.facts.business_plan_complete = true;
  ask.facts.funding.clear();
  CHECK(ask("business_plan", "apply_for_funding") ==
        "guard_failed: funding_application_registered(funding_applications)");
  ask.facts.funding = {FundingStatus::withdrawn};  // a withdrawn application does not count
  CHECK(ask("business_plan", "apply_for_funding") ==
        "guard_failed: funding_application_registered(funding_applications)");

  ask.facts.business_plan_complete = false;
  CHECK(ask("business_plan", "apply_for_funding") ==
        "guard_failed: business_plan_complete(business_plan_complete), "
        "funding_application_registered(funding_applications)");
}

TEST_CASE("The plan can be revised only when no funding application is pending", "[workflow][establishment]") {
  Ask ask;
  for (auto decided : {FundingStatus::granted, FundingStatus::rejected, FundingStatus::withdrawn}) {
    ask.facts.funding = {decided};
    CHECK(ask("funding", "revise_plan") == "allowed -> business_plan");
  }
  ask.facts.funding.clear();
  CHECK(ask("funding", "revise_plan") == "allowed -> business_plan");
  for (auto pending : {FundingStatus::draft, FundingStatus::submitted}) {
    ask.facts.funding = {FundingStatus::rejected, pending};
    CHECK(ask("funding", "revise_plan") == "guard_failed: no_funding_pending(funding_applications)");
  }
}

TEST_CASE("A company registers from funding with a valid number, a date and granted funding",
          "[workflow][establishment]") {
  Ask ask;
  ask.facts.self_financed = false;
  CHECK(ask("funding", "register_company") == "allowed -> established");
  ask.facts.organisation_number = "923 609 016";  // written in groups
  CHECK(ask("funding", "register_company") == "allowed -> established");

  ask.facts.organisation_number = "923609017";  // wrong check digit
  CHECK(ask("funding", "register_company") == "guard_failed: organisation_number_valid(organisation_number)");
  ask.facts.organisation_number = "92360901";  // eight digits
  CHECK(ask("funding", "register_company") == "guard_failed: organisation_number_valid(organisation_number)");
  ask.facts.organisation_number = "923609016";

  ask.facts.registration_date.reset();
  CHECK(ask("funding", "register_company") == "guard_failed: registration_date_set(registration_date)");
  ask.facts.registration_date = "2024-03-01";

  ask.facts.funding = {FundingStatus::submitted, FundingStatus::rejected};
  CHECK(ask("funding", "register_company") == "guard_failed: funding_granted(funding_applications)");
  ask.facts.self_financed = true;  // self-financing counts only from the business plan stage
  CHECK(ask("funding", "register_company") == "guard_failed: funding_granted(funding_applications)");
}

TEST_CASE("A self-financed company registers straight from the business plan", "[workflow][establishment]") {
  Ask ask;
  ask.facts.funding.clear();
  CHECK(ask("business_plan", "register_company") == "allowed -> established");

  ask.facts.self_financed = false;
  CHECK(ask("business_plan", "register_company") == "guard_failed: self_financed(self_financed)");
  ask.facts.funding = {FundingStatus::granted};  // granted funding does not replace the flag here
  CHECK(ask("business_plan", "register_company") == "guard_failed: self_financed(self_financed)");

  ask.facts.organisation_number = "12345678X";
  ask.facts.registration_date = " ";
  CHECK(ask("business_plan", "register_company") ==
        "guard_failed: organisation_number_valid(organisation_number), registration_date_set(registration_date), "
        "self_financed(self_financed)");
}

TEST_CASE("Every failing guard is reported at once", "[workflow][establishment]") {
  Ask ask;
  ask.facts = ProjectFacts{};
  Decision decision = ask.decision("funding", "register_company");
  CHECK(summary(decision) ==
        "guard_failed: organisation_number_valid(organisation_number), registration_date_set(registration_date), "
        "funding_granted(funding_applications)");
  CHECK(decision.to.empty());
  for (const GuardFailure& failure : decision.failures) {
    CAPTURE(failure.guard);
    CHECK_FALSE(failure.message.nb.empty());
    CHECK_FALSE(failure.message.en.empty());
  }
}

TEST_CASE("Follow-up starts from an established company without conditions", "[workflow][establishment]") {
  Ask ask;
  ask.facts = ProjectFacts{};
  ask.with_input = false;
  CHECK(ask("established", "start_follow_up") == "allowed -> follow_up");
}

TEST_CASE("A project completes only with a result summary", "[workflow][establishment]") {
  Ask ask;
  CHECK(ask("follow_up", "complete") == "allowed -> completed");
  ask.facts.result_summary.reset();
  CHECK(ask("follow_up", "complete") == "guard_failed: result_summary_given(result_summary)");
  ask.facts.result_summary = "\n";
  CHECK(ask("follow_up", "complete") == "guard_failed: result_summary_given(result_summary)");
}

TEST_CASE("Parking needs a note, from every active stage", "[workflow][establishment]") {
  for (std::string_view stage : kActiveStages) {
    CAPTURE(stage);
    Ask ask;
    CHECK(ask(stage, "park") == "allowed -> parked");
    ask.input.note.reset();
    CHECK(ask(stage, "park") == "guard_failed: note_given(note)");
    ask.input.note = "   ";
    CHECK(ask(stage, "park") == "guard_failed: note_given(note)");
  }
}

TEST_CASE("Resume returns exactly to the stage the project was parked from", "[workflow][establishment]") {
  for (std::string_view stage : kActiveStages) {
    CAPTURE(stage);
    Ask ask;
    REQUIRE(ask(stage, "park") == "allowed -> parked");
    ask.facts.parked_from = std::string(stage);  // what the service records on the way in
    CHECK(ask("parked", "resume") == "allowed -> " + std::string(stage));
  }
}

TEST_CASE("Resume is refused when it is not known where the project was parked from", "[workflow][establishment]") {
  Ask ask;
  ask.facts.parked_from.reset();
  // Six rows fail on the same guard; the person is told once.
  CHECK(ask("parked", "resume") == "guard_failed: parked_from(parked_from)");
  ask.facts.parked_from = "closed";  // not a stage one can park from
  CHECK(ask("parked", "resume") == "guard_failed: parked_from(parked_from)");
  ask.facts.parked_from = "nowhere";
  CHECK(ask("parked", "resume") == "guard_failed: parked_from(parked_from)");
}

TEST_CASE("Closing needs one of the four reason codes and a note, from every non-final state",
          "[workflow][establishment]") {
  std::vector<std::string_view> open_states(kActiveStages.begin(), kActiveStages.end());
  open_states.push_back("parked");
  for (std::string_view state : open_states) {
    CAPTURE(state);
    Ask ask;
    for (std::string_view reason : {"not_viable", "withdrawn", "referred_elsewhere", "duplicate"}) {
      ask.input.reason = std::string(reason);
      CHECK(ask(state, "close") == "allowed -> closed");
    }
    ask.input.reason.reset();
    CHECK(ask(state, "close") == "guard_failed: close_reason_given(reason)");
    ask.input.reason = "bored";
    CHECK(ask(state, "close") == "guard_failed: close_reason_given(reason)");
    ask.input.reason = "Withdrawn";  // codes are exact
    CHECK(ask(state, "close") == "guard_failed: close_reason_given(reason)");
    ask.input.reason = "duplicate";
    ask.input.note.reset();
    CHECK(ask(state, "close") == "guard_failed: note_given(note)");
    ask.input.reason.reset();
    CHECK(ask(state, "close") == "guard_failed: close_reason_given(reason), note_given(note)");
  }
}

TEST_CASE("Reopening goes to screening and is for advisers and admins only, with a note", "[workflow][establishment]") {
  Ask ask;
  for (Role role : {Role::adviser, Role::admin}) {
    ask.role = role;
    CHECK(ask("closed", "reopen") == "allowed -> screening");
  }
  for (Role role : {Role::entrepreneur, Role::management, Role::system}) {
    ask.role = role;
    CHECK(ask("closed", "reopen") == "guard_failed: actor_is_adviser_or_admin()");
  }
  ask.input.note.reset();
  ask.role = Role::entrepreneur;
  CHECK(ask("closed", "reopen") == "guard_failed: actor_is_adviser_or_admin(), note_given(note)");
  ask.role = Role::admin;
  CHECK(ask("closed", "reopen") == "guard_failed: note_given(note)");
}

// --- Inputs are not guards while listing ------------------------------------------------------------

TEST_CASE("Listing available events does not evaluate note and reason guards", "[workflow][establishment]") {
  const ProjectFacts facts{};
  GuardContext listing{facts, nullptr, Role::adviser};

  auto from_idea = establishment().available("idea", listing);
  REQUIRE(from_idea.size() == 3);
  CHECK(from_idea[0].event == "start_screening");
  CHECK_FALSE(from_idea[0].allowed);
  REQUIRE(from_idea[0].reasons.size() == 1);
  CHECK(from_idea[0].reasons[0].guard == "adviser_assigned");
  CHECK(from_idea[1].event == "park");
  CHECK(from_idea[1].allowed);
  CHECK(from_idea[1].reasons.empty());
  CHECK(from_idea[2].event == "close");
  CHECK(from_idea[2].allowed);
  CHECK(from_idea[2].reasons.empty());

  // The actor guard is no input: it is evaluated while listing, the note is not.
  listing.actor_role = Role::entrepreneur;
  auto from_closed = establishment().available("closed", listing);
  REQUIRE(from_closed.size() == 1);
  CHECK(from_closed[0].event == "reopen");
  CHECK_FALSE(from_closed[0].allowed);
  REQUIRE(from_closed[0].reasons.size() == 1);
  CHECK(from_closed[0].reasons[0].guard == "actor_is_adviser_or_admin");

  // decide without input behaves the same; with an input the note is required.
  Ask ask;
  ask.input = TransitionInput{};
  ask.with_input = false;
  CHECK(ask("funding", "park") == "allowed -> parked");
  CHECK(ask("funding", "close") == "allowed -> closed");
  ask.with_input = true;
  CHECK(ask("funding", "park") == "guard_failed: note_given(note)");
}

TEST_CASE("Note and reason guards are listed as the inputs of their events", "[workflow][establishment]") {
  const auto* park = establishment().find_event("park");
  REQUIRE(park != nullptr);
  REQUIRE(park->inputs.size() == 1);
  CHECK(park->inputs[0].field == "note");
  CHECK(park->inputs[0].allowed_values.empty());

  const auto* close = establishment().find_event("close");
  REQUIRE(close != nullptr);
  REQUIRE(close->inputs.size() == 2);
  CHECK(close->inputs[0].field == "reason");
  CHECK(close->inputs[0].allowed_values ==
        std::vector<std::string_view>{"not_viable", "withdrawn", "referred_elsewhere", "duplicate"});
  CHECK(close->inputs[1].field == "note");
  CHECK(close->inputs[1].allowed_values.empty());

  const auto* reopen = establishment().find_event("reopen");
  REQUIRE(reopen != nullptr);
  REQUIRE(reopen->inputs.size() == 1);
  CHECK(reopen->inputs[0].field == "note");

  // Fact and actor guards are no inputs.
  for (std::string_view id : {"start_screening", "start_business_plan", "apply_for_funding", "revise_plan",
                              "register_company", "start_follow_up", "complete", "resume"}) {
    CAPTURE(id);
    const auto* event = establishment().find_event(id);
    REQUIRE(event != nullptr);
    CHECK(event->inputs.empty());
  }
}

// --- The raw MSM machine ------------------------------------------------------------------------------

namespace {

/// A raw machine with its guard context wired in, as MsmWorkflow::decide sets one up.
struct RawMachine {
  ProjectFacts facts = ready_facts();
  TransitionInput input = full_input();
  GuardContext context{facts, &input, Role::adviser};
  std::vector<GuardFailure> failures;
  Machine machine;

  explicit RawMachine(std::string_view start_state) {
    machine.scratch.context = &context;
    machine.scratch.failures = &failures;
    EstablishmentWorkflow::restore(machine, start_state);
  }
  RawMachine(const RawMachine&) = delete;
  RawMachine& operator=(const RawMachine&) = delete;

  [[nodiscard]] std::string_view state() const { return EstablishmentWorkflow::active_state(machine); }
};

using boost::msm::back::HANDLED_FALSE;
using boost::msm::back::HANDLED_GUARD_REJECT;
using boost::msm::back::HANDLED_TRUE;

}  // namespace

TEST_CASE("A started raw machine is in the initial state", "[workflow][msm]") {
  Machine machine;
  machine.start();
  CHECK(EstablishmentWorkflow::active_state(machine) == "idea");
}

TEST_CASE("The raw machine walks the happy path from idea to completed", "[workflow][msm]") {
  RawMachine m("idea");
  REQUIRE(m.state() == "idea");

  CHECK(m.machine.process_event(est::StartScreening{}) == HANDLED_TRUE);
  CHECK(m.state() == "screening");
  CHECK(m.machine.process_event(est::StartBusinessPlan{}) == HANDLED_TRUE);
  CHECK(m.state() == "business_plan");
  CHECK(m.machine.process_event(est::ApplyForFunding{}) == HANDLED_TRUE);
  CHECK(m.state() == "funding");
  CHECK(m.machine.process_event(est::RegisterCompany{}) == HANDLED_TRUE);
  CHECK(m.state() == "established");
  CHECK(m.machine.process_event(est::StartFollowUp{}) == HANDLED_TRUE);
  CHECK(m.state() == "follow_up");
  CHECK(m.machine.process_event(est::Complete{}) == HANDLED_TRUE);
  CHECK(m.state() == "completed");
  CHECK(m.failures.empty());

  // Completed is final: nothing leads out, and nothing asserts.
  CHECK(m.machine.process_event(est::Park{}) == HANDLED_FALSE);
  CHECK(m.state() == "completed");
  CHECK(m.machine.process_event(est::Close{}) == HANDLED_FALSE);
  CHECK(m.state() == "completed");
}

TEST_CASE("The raw machine revises the plan and registers a self-financed company", "[workflow][msm]") {
  RawMachine m("business_plan");
  CHECK(m.machine.process_event(est::ApplyForFunding{}) == HANDLED_TRUE);
  CHECK(m.state() == "funding");
  m.facts.funding = {FundingStatus::rejected};
  CHECK(m.machine.process_event(est::RevisePlan{}) == HANDLED_TRUE);
  CHECK(m.state() == "business_plan");
  CHECK(m.machine.process_event(est::RegisterCompany{}) == HANDLED_TRUE);
  CHECK(m.state() == "established");
  CHECK(m.failures.empty());
}

TEST_CASE("The raw machine parks and resumes to the stage it left", "[workflow][msm]") {
  RawMachine m("idea");
  CHECK(m.machine.process_event(est::StartScreening{}) == HANDLED_TRUE);
  CHECK(m.state() == "screening");
  CHECK(m.machine.process_event(est::StartBusinessPlan{}) == HANDLED_TRUE);
  CHECK(m.state() == "business_plan");
  CHECK(m.machine.process_event(est::Park{}) == HANDLED_TRUE);
  CHECK(m.state() == "parked");

  // Not yet known where it came from: every resume row refuses.
  CHECK(m.machine.process_event(est::Resume{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "parked");
  CHECK_FALSE(m.failures.empty());
  m.failures.clear();

  m.facts.parked_from = "business_plan";  // the service records this when the project is parked
  CHECK(m.machine.process_event(est::Resume{}) == HANDLED_TRUE);
  CHECK(m.state() == "business_plan");
  // MSM tries the six resume rows bottom-up until one passes; the rows it tried first leave their
  // failures behind even though the event succeeded (decide() discards them when allowed).
  CHECK(std::all_of(m.failures.begin(), m.failures.end(),
                    [](const GuardFailure& f) { return f.guard == "parked_from"; }));
  m.failures.clear();
  CHECK(m.machine.process_event(est::ApplyForFunding{}) == HANDLED_TRUE);
  CHECK(m.state() == "funding");
  CHECK(m.machine.process_event(est::Park{}) == HANDLED_TRUE);
  CHECK(m.state() == "parked");
  CHECK(m.failures.empty());
  m.facts.parked_from = "funding";
  CHECK(m.machine.process_event(est::Resume{}) == HANDLED_TRUE);
  CHECK(m.state() == "funding");
}

TEST_CASE("The raw machine closes with a reason and reopens into screening for an adviser", "[workflow][msm]") {
  RawMachine m("funding");
  m.input.reason = "referred_elsewhere";
  CHECK(m.machine.process_event(est::Close{}) == HANDLED_TRUE);
  CHECK(m.state() == "closed");

  m.context.actor_role = Role::entrepreneur;
  CHECK(m.machine.process_event(est::Reopen{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "closed");
  REQUIRE(m.failures.size() == 1);
  CHECK(m.failures[0].guard == "actor_is_adviser_or_admin");
  m.failures.clear();

  m.context.actor_role = Role::management;
  CHECK(m.machine.process_event(est::Reopen{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "closed");
  m.failures.clear();

  m.context.actor_role = Role::adviser;
  CHECK(m.machine.process_event(est::Reopen{}) == HANDLED_TRUE);
  CHECK(m.state() == "screening");
  CHECK(m.failures.empty());
}

TEST_CASE("The raw machine stays put when a guard fails or no row leads anywhere", "[workflow][msm]") {
  RawMachine m("idea");
  m.facts.adviser.reset();
  CHECK(m.machine.process_event(est::StartScreening{}) == HANDLED_GUARD_REJECT);
  CHECK(m.state() == "idea");
  REQUIRE(m.failures.size() == 1);
  CHECK(m.failures[0].guard == "adviser_assigned");
  CHECK(m.failures[0].field == "adviser");
  m.failures.clear();

  CHECK(m.machine.process_event(est::Reopen{}) == HANDLED_FALSE);  // no_transition answers, no assert
  CHECK(m.state() == "idea");
  CHECK(m.machine.process_event(est::RegisterCompany{}) == HANDLED_FALSE);
  CHECK(m.state() == "idea");
  CHECK(m.failures.empty());
}
