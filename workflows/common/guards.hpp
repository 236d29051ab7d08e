#pragma once

// Building blocks for guards. A check is a plain struct:
//
//   struct AdviserAssigned {
//     static constexpr std::string_view id = "adviser_assigned";
//     static constexpr core::GuardKind kind = core::GuardKind::fact;
//     static constexpr core::Label label{"Rådgiver er tildelt", "An adviser is assigned"};
//     static std::optional<core::GuardFailure> check(const core::GuardContext&);
//   };
//
// and `Require<Check...>` turns one or more checks into an MSM guard functor that evaluates every
// check (not only up to the first failure), so a person learns all that is missing at once.

#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/workflow.hpp"
#include "workflows/common/msm_config.hpp"

namespace facilitator::workflows {

/// Runs one check against the machine's context; records a failure and returns false when it fails.
template <class Check, class Fsm>
bool run_check(Fsm& fsm) {
  const core::GuardContext& context = *fsm.scratch.context;
  if constexpr (Check::kind == core::GuardKind::input) {
    if (context.input == nullptr) return true;  // only listing availability: inputs come later
  }
  std::optional<core::GuardFailure> failure = Check::check(context);
  if (!failure) return true;
  fsm.scratch.failures->push_back(std::move(*failure));
  return false;
}

/// An MSM guard functor requiring every one of `Checks`.
template <class... Checks>
struct Require {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    bool passed = true;
    ((passed = run_check<Checks>(fsm) && passed), ...);  // no short-circuit: report every failure
    return passed;
  }

  static std::vector<core::GuardDescription> describe() {
    return {core::GuardDescription{Checks::id, Checks::kind, Checks::label}...};
  }
};

/// Guards of a table row as data; `msm::front::none` means no guard.
template <class Guard>
struct GuardTraits {
  static std::vector<core::GuardDescription> describe() { return Guard::describe(); }
};
template <>
struct GuardTraits<boost::msm::front::none> {
  static std::vector<core::GuardDescription> describe() { return {}; }
};

/// A check's failure, with the message from its label.
template <class Check>
core::GuardFailure failure_of(std::string_view field) {
  return core::GuardFailure{std::string(Check::id), std::string(field), Check::failure};
}

}  // namespace facilitator::workflows
