#pragma once

#include <string_view>

#include "core/domain/workflow.hpp"
#include "workflows/common/msm_config.hpp"

namespace facilitator::workflows {

/// Base for every state: an MSM state that also describes itself. A state overrides `id`,
/// `label` and `public_text`, and `kind`/`final` where they differ from an active stage.
struct StateBase : boost::msm::front::state<> {
  static constexpr core::StateKind kind = core::StateKind::active;
  static constexpr bool final = false;
};

/// Base for every event: an empty MSM event with an id and a label.
struct EventBase {};

/// Base for every machine front-end: holds what the guards look at while one decision is made,
/// and turns MSM's "no transition" into an ordinary answer instead of an assertion.
template <class Derived>
struct FrontBase : boost::msm::front::state_machine_def<Derived> {
  using no_exception_thrown = int;  // guards' exceptions (e.g. bad_alloc) propagate unchanged
  using no_message_queue = int;     // actions never post events

  struct Scratch {
    const core::GuardContext* context = nullptr;
    std::vector<core::GuardFailure>* failures = nullptr;
  } scratch;

  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {}
};

}  // namespace facilitator::workflows
