// What the rest of the system learns about the establishment workflow (states, events, transitions,
// guards, availability) is read from the MSM transition table. These tests hold the listing to the
// table and check that the workflow it describes is well formed.

#include <algorithm>
#include <deque>
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

namespace {

using facilitator::core::GuardContext;
using facilitator::core::GuardKind;
using facilitator::core::ProjectFacts;
using facilitator::core::Role;
using facilitator::core::StateKind;
using facilitator::core::TransitionDescription;
using EstablishmentWorkflow = facilitator::workflows::MsmWorkflow<facilitator::workflows::establishment::Definition>;

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

}  // namespace

TEST_CASE("The listing has one transition per row of the MSM table", "[workflow][listing]") {
  CHECK(establishment().transitions().size() == static_cast<std::size_t>(EstablishmentWorkflow::kTableRows));
  CHECK(EstablishmentWorkflow::kTableRows == 28);

  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> distinct;
  for (const auto& row : establishment().transitions()) distinct.emplace(row.from, row.event, row.to);
  CHECK(distinct.size() == establishment().transitions().size());
}

TEST_CASE("Rows of the table appear in the listing with their guards", "[workflow][listing]") {
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
  for (const auto& row : establishment().transitions()) {
    CAPTURE(row.from, row.event, row.to);
    CHECK(establishment().find_state(row.from) != nullptr);
    CHECK(establishment().find_state(row.to) != nullptr);
    CHECK(establishment().find_event(row.event) != nullptr);
  }
}

TEST_CASE("The states are those of the design guide with their Norwegian labels and kinds", "[workflow][listing]") {
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

TEST_CASE("There is exactly one initial state and it is idea", "[workflow][listing]") {
  const auto& states = establishment().states();
  CHECK(std::count_if(states.begin(), states.end(), [](const auto& s) { return s.initial; }) == 1);
  CHECK(establishment().initial_state().id == "idea");
  CHECK(states.front().id == "idea");  // initial first, then in order of appearance in the table
}

TEST_CASE("Every state is reachable from the initial state", "[workflow][listing]") {
  std::set<std::string_view> reached{establishment().initial_state().id};
  std::deque<std::string_view> queue{establishment().initial_state().id};
  while (!queue.empty()) {
    std::string_view state = queue.front();
    queue.pop_front();
    for (const auto& row : establishment().transitions())
      if (row.from == state && reached.insert(row.to).second) queue.push_back(row.to);
  }
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    CHECK(reached.count(state.id) == 1);
  }
}

TEST_CASE("Every state that is not final has a way out", "[workflow][listing]") {
  const auto& rows = establishment().transitions();
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    bool has_exit = std::any_of(rows.begin(), rows.end(), [&](const auto& row) { return row.from == state.id; });
    if (!state.final) CHECK(has_exit);
  }
  // Completed has nothing after it; closed can only be reopened.
  CHECK(std::none_of(rows.begin(), rows.end(), [](const auto& row) { return row.from == "completed"; }));
}

TEST_CASE("Every state, event and guard has labels in both languages", "[workflow][listing]") {
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    CHECK_FALSE(state.id.empty());
    CHECK_FALSE(state.label.nb.empty());
    CHECK_FALSE(state.label.en.empty());
    CHECK_FALSE(state.public_text.nb.empty());
    CHECK_FALSE(state.public_text.en.empty());
  }
  for (const auto& event : establishment().events()) {
    CAPTURE(event.id);
    CHECK_FALSE(event.id.empty());
    CHECK_FALSE(event.label.nb.empty());
    CHECK_FALSE(event.label.en.empty());
  }
  for (const auto& row : establishment().transitions()) {
    for (const auto& guard : row.guards) {
      CAPTURE(row.from, row.event, guard.id);
      CHECK_FALSE(guard.label.nb.empty());
      CHECK_FALSE(guard.label.en.empty());
    }
  }
  CHECK_FALSE(establishment().label().nb.empty());
  CHECK_FALSE(establishment().label().en.empty());
}

TEST_CASE("Restoring any state and reading it back gives the same id", "[workflow][listing][msm]") {
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    EstablishmentWorkflow::Machine machine;
    EstablishmentWorkflow::restore(machine, state.id);
    CHECK(EstablishmentWorkflow::active_state(machine) == state.id);
  }
}

TEST_CASE("Restoring a state the workflow does not know throws", "[workflow][listing][msm]") {
  EstablishmentWorkflow::Machine machine;
  CHECK_THROWS_AS(EstablishmentWorkflow::restore(machine, "limbo"), std::invalid_argument);
  CHECK_THROWS_AS(EstablishmentWorkflow::restore(machine, ""), std::invalid_argument);
  CHECK_THROWS_AS(EstablishmentWorkflow::restore(machine, "Idea"), std::invalid_argument);
}

TEST_CASE("Available events from each state are exactly those with rows from it, in table order",
          "[workflow][listing]") {
  ProjectFacts facts;
  facts.adviser = "kari.nordmann";
  GuardContext listing{facts, nullptr, Role::adviser};
  for (const auto& state : establishment().states()) {
    CAPTURE(state.id);
    Ids expected;
    for (const auto& row : establishment().transitions())
      if (row.from == state.id && std::find(expected.begin(), expected.end(), row.event) == expected.end())
        expected.push_back(row.event);
    Ids listed;
    for (const auto& availability : establishment().available(state.id, listing)) listed.push_back(availability.event);
    CHECK(listed == expected);
  }
  CHECK(establishment().available("completed", listing).empty());
  CHECK(establishment().available("limbo", listing).empty());
}
