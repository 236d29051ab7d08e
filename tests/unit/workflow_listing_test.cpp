// What the rest of the system learns about a workflow (states, events, transitions, guards,
// availability) is read from its MSM transition table. These tests hold the listing to the table and
// check that every registered workflow is well formed; the establishment's rows are also checked
// one by one here (innovation's and liaison's in their own machine tests).

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "core/domain/facts.hpp"
#include "core/domain/workflow.hpp"
#include "workflows/common/msm_workflow.hpp"
#include "workflows/establishment/machine.hpp"
#include "workflows/innovation/machine.hpp"
#include "workflows/liaison/machine.hpp"
#include "workflows/registry.hpp"

namespace {

using facilitator::core::GuardContext;
using facilitator::core::GuardKind;
using facilitator::core::ProjectFacts;
using facilitator::core::Role;
using facilitator::core::StateKind;
using facilitator::core::TransitionDescription;
using facilitator::core::TransitionInput;
using facilitator::core::Workflow;
using EstablishmentWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::establishment::Definition>;
using InnovationWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::innovation::Definition>;
using LiaisonWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::liaison::Definition>;

const EstablishmentWorkflow& establishment() {
  static const EstablishmentWorkflow workflow;
  return workflow;
}

const TransitionDescription* find_row(std::string_view from, std::string_view event, std::string_view to) {
  const auto& rows = establishment().transitions();
  auto it = std::find_if(rows.begin(), rows.end(),
                         [&](const auto& row) { return row.from == from && row.event == event && row.to == to; });
  return it == rows.end() ? nullptr : &*it;
}

std::vector<std::string_view> guard_ids(const TransitionDescription& row) {
  std::vector<std::string_view> ids;
  for (const auto& guard : row.guards) ids.push_back(guard.id);
  return ids;
}

using Ids = std::vector<std::string_view>;

/// Every built-in workflow, as the server registers them.
const facilitator::core::WorkflowRegistry& registry() {
  static const auto instance = facilitator::workflows::builtin_registry();
  return instance;
}

bool is_snake_case(std::string_view id) {
  return !id.empty() && std::islower(static_cast<unsigned char>(id.front())) != 0 && id.back() != '_' &&
         std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

TEMPLATE_TEST_CASE("The listing has one transition per row of the MSM table, no two alike", "[workflow][listing]",
                   EstablishmentWorkflow, InnovationWorkflow, LiaisonWorkflow) {
  const TestType workflow;
  CAPTURE(workflow.id());
  CHECK(workflow.transitions().size() == static_cast<std::size_t>(TestType::kTableRows));

  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> distinct;
  for (const auto& row : workflow.transitions()) distinct.emplace(row.from, row.event, row.to);
  CHECK(distinct.size() == workflow.transitions().size());
}

TEST_CASE("The establishment table has 28 rows", "[workflow][listing]") {
  CHECK(EstablishmentWorkflow::kTableRows == 28);
}

TEST_CASE("The registry holds the three workflows of the design guide", "[workflow][listing]") {
  Ids ids;
  for (const auto& workflow : registry().all()) ids.push_back(workflow->id());
  CHECK(ids == Ids{"establishment", "innovation", "liaison"});
  for (std::string_view id : ids) {
    CAPTURE(id);
    CHECK(registry().find(id) == &registry().get(id));
  }
  CHECK(registry().find("etablering") == nullptr);
}
TEST_CASE("The establishment rows appear in the listing with their guards", "[workflow][listing]") {
  const auto* self_financed = find_row("business_plan", "register_company", "established");
  REQUIRE(self_financed != nullptr);
  CHECK(guard_ids(*self_financed) == Ids{"organisation_number_valid", "registration_date_set", "self_financed"});

  const auto* with_funding = find_row("funding", "register_company", "established");
  REQUIRE(with_funding != nullptr);
  CHECK(guard_ids(*with_funding) == Ids{"organisation_number_valid", "registration_date_set", "funding_granted"});

  const auto* screening = find_row("idea", "start_screening", "screening");
  REQUIRE(screening != nullptr);
  CHECK(guard_ids(*screening) == Ids{"adviser_assigned"});
  CHECK(screening->guards[0].kind == GuardKind::fact);
  CHECK(screening->guards[0].label.en == "An adviser is assigned");

  const auto* plan = find_row("screening", "start_business_plan", "business_plan");
  REQUIRE(plan != nullptr);
  CHECK(guard_ids(*plan) == Ids{"focus_area_set", "municipality_set"});

  const auto* apply = find_row("business_plan", "apply_for_funding", "funding");
  REQUIRE(apply != nullptr);
  CHECK(guard_ids(*apply) == Ids{"business_plan_complete", "funding_application_registered"});

  const auto* revise = find_row("funding", "revise_plan", "business_plan");
  REQUIRE(revise != nullptr);
  CHECK(guard_ids(*revise) == Ids{"no_funding_pending"});

  const auto* follow_up = find_row("established", "start_follow_up", "follow_up");
  REQUIRE(follow_up != nullptr);
  CHECK(follow_up->guards.empty());

  const auto* complete = find_row("follow_up", "complete", "completed");
  REQUIRE(complete != nullptr);
  CHECK(guard_ids(*complete) == Ids{"result_summary_given"});

  const auto* reopen = find_row("closed", "reopen", "screening");
  REQUIRE(reopen != nullptr);
  CHECK(guard_ids(*reopen) == Ids{"actor_is_adviser_or_admin", "note_given"});
  CHECK(reopen->guards[0].kind == GuardKind::actor);
  CHECK(reopen->guards[1].kind == GuardKind::input);

  for (std::string_view stage : {"idea", "screening", "business_plan", "funding", "established", "follow_up"}) {
    CAPTURE(stage);
    const auto* park = find_row(stage, "park", "parked");
    REQUIRE(park != nullptr);
    CHECK(guard_ids(*park) == Ids{"note_given"});
    const auto* resume = find_row("parked", "resume", stage);
    REQUIRE(resume != nullptr);
    CHECK(guard_ids(*resume) == Ids{"parked_from"});
    const auto* close = find_row(stage, "close", "closed");
    REQUIRE(close != nullptr);
    CHECK(guard_ids(*close) == Ids{"close_reason_given", "note_given"});
    CHECK(close->guards[0].kind == GuardKind::input);
  }
  const auto* close_parked = find_row("parked", "close", "closed");
  REQUIRE(close_parked != nullptr);
  CHECK(guard_ids(*close_parked) == Ids{"close_reason_given", "note_given"});
}

TEST_CASE("Every transition names a listed state and a listed event", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    for (const auto& row : workflow->transitions()) {
      CAPTURE(workflow->id(), row.from, row.event, row.to);
      CHECK(workflow->find_state(row.from) != nullptr);
      CHECK(workflow->find_state(row.to) != nullptr);
      CHECK(workflow->find_event(row.event) != nullptr);
    }
  }
}

TEST_CASE("The establishment states are those of the design guide with their Norwegian labels and kinds",
          "[workflow][listing]") {
  struct Expected {
    std::string_view id;
    std::string_view nb;
    StateKind kind;
    bool final;
  };
  const std::vector<Expected> expected{
      {"idea", "Idé", StateKind::active, false},
      {"screening", "Avklaring", StateKind::active, false},
      {"business_plan", "Forretningsplan", StateKind::active, false},
      {"funding", "Finansiering", StateKind::active, false},
      {"established", "Etablert", StateKind::success, false},
      {"follow_up", "Oppfølging", StateKind::active, false},
      {"completed", "Fullført", StateKind::success, true},
      {"parked", "Parkert", StateKind::parked, false},
      {"closed", "Avsluttet", StateKind::closed, true},
  };
  REQUIRE(establishment().states().size() == expected.size());
  for (const Expected& e : expected) {
    CAPTURE(e.id);
    const auto* state = establishment().find_state(e.id);
    REQUIRE(state != nullptr);
    CHECK(state->label.nb == e.nb);
    CHECK(state->kind == e.kind);
    CHECK(state->final == e.final);
  }
}

TEST_CASE("There is exactly one initial state, listed first", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    CAPTURE(workflow->id());
    const auto& states = workflow->states();
    CHECK(std::count_if(states.begin(), states.end(), [](const auto& s) { return s.initial; }) == 1);
    CHECK(states.front().initial);  // initial first, then in order of appearance in the table
    CHECK(&workflow->initial_state() == &states.front());
  }
  CHECK(establishment().initial_state().id == "idea");
  CHECK(registry().get("innovation").initial_state().id == "idea");
  CHECK(registry().get("liaison").initial_state().id == "received");
}

TEST_CASE("Every state is reachable from the initial state", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    CAPTURE(workflow->id());
    std::set<std::string_view> reached{workflow->initial_state().id};
    std::deque<std::string_view> queue{workflow->initial_state().id};
    while (!queue.empty()) {
      std::string_view state = queue.front();
      queue.pop_front();
      for (const auto& row : workflow->transitions())
        if (row.from == state && reached.insert(row.to).second) queue.push_back(row.to);
    }
    for (const auto& state : workflow->states()) {
      CAPTURE(state.id);
      CHECK(reached.count(state.id) == 1);
    }
  }
}

TEST_CASE("Every state that is not final has a way out, and final states only reopen", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    const auto& rows = workflow->transitions();
    for (const auto& state : workflow->states()) {
      CAPTURE(workflow->id(), state.id);
      bool has_exit = std::any_of(rows.begin(), rows.end(), [&](const auto& row) { return row.from == state.id; });
      if (!state.final) CHECK(has_exit);
      if (state.final && state.kind != StateKind::closed) CHECK_FALSE(has_exit);  // completed: nothing after it
      for (const auto& row : rows)
        if (state.final && row.from == state.id) CHECK(row.event == "reopen");
    }
  }
}

TEST_CASE("Ids are snake_case and unique within their workflow", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    CAPTURE(workflow->id());
    CHECK(is_snake_case(workflow->id()));
    std::set<std::string_view> states;
    for (const auto& state : workflow->states()) {
      CAPTURE(state.id);
      CHECK(is_snake_case(state.id));
      CHECK(states.insert(state.id).second);
    }
    std::set<std::string_view> events;
    for (const auto& event : workflow->events()) {
      CAPTURE(event.id);
      CHECK(is_snake_case(event.id));
      CHECK(events.insert(event.id).second);
    }
  }
}

TEST_CASE("Every state, event and guard has labels in both languages", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    CAPTURE(workflow->id());
    for (const auto& state : workflow->states()) {
      CAPTURE(state.id);
      CHECK_FALSE(state.label.nb.empty());
      CHECK_FALSE(state.label.en.empty());
      CHECK_FALSE(state.public_text.nb.empty());
      CHECK_FALSE(state.public_text.en.empty());
    }
    for (const auto& event : workflow->events()) {
      CAPTURE(event.id);
      CHECK_FALSE(event.label.nb.empty());
      CHECK_FALSE(event.label.en.empty());
    }
    for (const auto& row : workflow->transitions()) {
      for (const auto& guard : row.guards) {
        CAPTURE(row.from, row.event, guard.id);
        CHECK_FALSE(guard.label.nb.empty());
        CHECK_FALSE(guard.label.en.empty());
      }
    }
    CHECK_FALSE(workflow->label().nb.empty());
    CHECK_FALSE(workflow->label().en.empty());
  }
}

TEST_CASE("A state or event id shared by workflows means the same in each", "[workflow][listing]") {
  // The board and the reports list states and events across workflows by id (idea, parked, closed,
  // park, close, complete ...): the same id must carry the same labels and kind everywhere.
  std::map<std::string_view, const facilitator::core::StateDescription*> states;
  std::map<std::string_view, const facilitator::core::EventDescription*> events;
  std::map<std::string_view, const facilitator::core::GuardDescription*> guards;
  for (const auto& workflow : registry().all()) {
    for (const auto& state : workflow->states()) {
      CAPTURE(workflow->id(), state.id);
      auto [seen, first] = states.emplace(state.id, &state);
      if (first) continue;
      CHECK(seen->second->label.nb == state.label.nb);
      CHECK(seen->second->label.en == state.label.en);
      CHECK(seen->second->kind == state.kind);
      CHECK(seen->second->final == state.final);
    }
    for (const auto& event : workflow->events()) {
      CAPTURE(workflow->id(), event.id);
      auto [seen, first] = events.emplace(event.id, &event);
      if (first) continue;
      CHECK(seen->second->label.nb == event.label.nb);
      CHECK(seen->second->label.en == event.label.en);
    }
    for (const auto& row : workflow->transitions()) {
      for (const auto& guard : row.guards) {
        CAPTURE(workflow->id(), guard.id);
        auto [seen, first] = guards.emplace(guard.id, &guard);
        if (first) continue;
        CHECK(seen->second->label.nb == guard.label.nb);
        CHECK(seen->second->kind == guard.kind);
      }
    }
  }
  CHECK(states.count("closed") == 1);
  CHECK(events.count("close") == 1);
}

TEST_CASE("Every workflow that parks resumes exactly to the stage a project was parked from", "[workflow][listing]") {
  for (const auto& workflow : registry().all()) {
    CAPTURE(workflow->id());
    for (const auto& park : workflow->transitions()) {
      if (park.event != "park") continue;
      CAPTURE(park.from);
      const auto* parked = workflow->find_state(park.to);
      REQUIRE(parked != nullptr);
      CHECK(parked->kind == StateKind::parked);
      ProjectFacts facts;
      facts.parked_from = std::string(park.from);
      const TransitionInput input{"Back on track.", std::nullopt};
      GuardContext context{facts, &input, Role::adviser};
      auto decision = workflow->decide(park.to, "resume", context);
      CHECK(decision.allowed());
      CHECK(decision.to == park.from);
    }
  }
}

TEMPLATE_TEST_CASE("Restoring any state and reading it back gives the same id", "[workflow][listing][msm]",
                   EstablishmentWorkflow, InnovationWorkflow, LiaisonWorkflow) {
  const TestType workflow;
  for (const auto& state : workflow.states()) {
    CAPTURE(workflow.id(), state.id);
    typename TestType::Machine machine;
    TestType::restore(machine, state.id);
    CHECK(TestType::active_state(machine) == state.id);
  }
}

TEMPLATE_TEST_CASE("Restoring a state the workflow does not know throws", "[workflow][listing][msm]",
                   EstablishmentWorkflow, InnovationWorkflow, LiaisonWorkflow) {
  typename TestType::Machine machine;
  CHECK_THROWS_AS(TestType::restore(machine, "limbo"), std::invalid_argument);
  CHECK_THROWS_AS(TestType::restore(machine, ""), std::invalid_argument);
  CHECK_THROWS_AS(TestType::restore(machine, "Closed"), std::invalid_argument);
}

TEST_CASE("Available events from each state are exactly those with rows from it, in table order",
          "[workflow][listing]") {
  ProjectFacts facts;
  facts.adviser = "kari.nordmann";
  GuardContext listing{facts, nullptr, Role::adviser};
  for (const auto& workflow : registry().all()) {
    for (const auto& state : workflow->states()) {
      CAPTURE(workflow->id(), state.id);
      Ids expected;
      for (const auto& row : workflow->transitions())
        if (row.from == state.id && std::find(expected.begin(), expected.end(), row.event) == expected.end())
          expected.push_back(row.event);
      Ids listed;
      for (const auto& availability : workflow->available(state.id, listing)) listed.push_back(availability.event);
      CHECK(listed == expected);
    }
    CHECK(workflow->available("limbo", listing).empty());
  }
  CHECK(establishment().available("completed", listing).empty());
}
