#pragma once

// Helpers for driving one workflow in tests: a one-line summary of a decision (so a failed check
// shows the whole answer), a question to the workflow with its facts, input and role, and a raw
// MSM machine with its guard context wired in as MsmWorkflow::decide sets one up.

#include <string>
#include <string_view>
#include <vector>

#include "core/domain/facts.hpp"
#include "core/domain/workflow.hpp"

namespace facilitator::testing {

inline std::string_view outcome_name(core::Decision::Outcome outcome) {
  using Outcome = core::Decision::Outcome;
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

/// "allowed -> screening", "guard_failed: adviser_assigned(adviser), note_given(note)", "not_possible".
inline std::string summary(const core::Decision& decision) {
  std::string text(outcome_name(decision.outcome));
  if (decision.outcome == core::Decision::Outcome::allowed) text += " -> " + decision.to;
  for (std::size_t i = 0; i < decision.failures.size(); ++i) {
    const core::GuardFailure& failure = decision.failures[i];
    text += (i == 0 ? ": " : ", ") + failure.guard + "(" + failure.field + ")";
  }
  return text;
}

/// One question to a workflow; each test changes the facts, the input or the role it needs.
struct Ask {
  const core::Workflow* workflow = nullptr;
  core::ProjectFacts facts;
  core::TransitionInput input;
  core::Role role = core::Role::adviser;
  bool with_input = true;  // false: only listing what is available, as the board does

  [[nodiscard]] core::Decision decision(std::string_view state, std::string_view event) const {
    core::GuardContext context{facts, with_input ? &input : nullptr, role};
    return workflow->decide(state, event, context);
  }
  [[nodiscard]] std::string operator()(std::string_view state, std::string_view event) const {
    return summary(decision(state, event));
  }
};

/// A row of a transition table as docs/design.md states it.
struct Step {
  std::string_view from;
  std::string_view event;
  std::string_view to;
};

/// A raw MSM machine of `MsmWorkflowType` restored into a state, with facts and input to change.
template <class MsmWorkflowType>
struct RawMachine {
  core::ProjectFacts facts;
  core::TransitionInput input;
  core::GuardContext context{facts, &input, core::Role::adviser};
  std::vector<core::GuardFailure> failures;
  typename MsmWorkflowType::Machine machine;

  RawMachine(std::string_view start_state, core::ProjectFacts start_facts, core::TransitionInput start_input)
      : facts(std::move(start_facts)), input(std::move(start_input)) {
    machine.scratch.context = &context;
    machine.scratch.failures = &failures;
    MsmWorkflowType::restore(machine, start_state);
  }
  RawMachine(const RawMachine&) = delete;
  RawMachine& operator=(const RawMachine&) = delete;

  [[nodiscard]] std::string_view state() const { return MsmWorkflowType::active_state(machine); }
};

}  // namespace facilitator::testing
