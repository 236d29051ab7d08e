#pragma once

// Adapts one Boost.MSM machine to core::Workflow. Everything the rest of the system learns about a
// workflow (states, events, transitions, guards, inputs) is read here from the machine's transition
// table, so the table stays the single source of truth.
//
// A `Definition` supplies:
//   using Front = ...;                       // the MSM front-end (derives FrontBase<Front>)
//   static constexpr std::string_view id;    // e.g. "establishment"
//   static constexpr core::Label label;

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/mpl/for_each.hpp>
#include <boost/mpl/size.hpp>

#include "core/domain/workflow.hpp"
#include "workflows/common/guards.hpp"
#include "workflows/common/state.hpp"

namespace facilitator::workflows {

namespace detail {

/// mpl::for_each visits default-constructed elements; a tag avoids constructing rows and states.
/// (The member is not called `type`: MPL would treat Tag<_1> as a metafunction and unwrap it.)
template <class T>
struct Tag {
  using tagged = T;
};

template <class T>
core::StateDescription describe_state(bool initial) {
  return core::StateDescription{T::id, T::label, T::public_text, T::kind, initial, T::final};
}

template <class Check>
void add_input(std::vector<core::EventInput>& inputs) {
  if constexpr (Check::kind == core::GuardKind::input) {
    bool known = std::any_of(inputs.begin(), inputs.end(),
                             [](const core::EventInput& in) { return in.field == Check::input_field; });
    if (known) return;
    core::EventInput input{Check::input_field, {}};
    if constexpr (requires { Check::allowed_values; })
      input.allowed_values.assign(Check::allowed_values.begin(), Check::allowed_values.end());
    inputs.push_back(std::move(input));
  }
}

template <class Guard>
struct InputsOf {
  static void add(std::vector<core::EventInput>&) {}
};
template <class... Checks>
struct InputsOf<Require<Checks...>> {
  static void add(std::vector<core::EventInput>& inputs) { (add_input<Checks>(inputs), ...); }
};

}  // namespace detail

template <class Definition>
class MsmWorkflow final : public core::Workflow {
 public:
  using Front = typename Definition::Front;
  using Machine = boost::msm::back::state_machine<Front>;
  using Table = typename Front::transition_table;

  MsmWorkflow() { read_table(); }

  [[nodiscard]] std::string_view id() const noexcept override { return Definition::id; }
  [[nodiscard]] core::Label label() const noexcept override { return Definition::label; }
  [[nodiscard]] const std::vector<core::StateDescription>& states() const noexcept override { return states_; }
  [[nodiscard]] const std::vector<core::EventDescription>& events() const noexcept override { return events_; }
  [[nodiscard]] const std::vector<core::TransitionDescription>& transitions() const noexcept override {
    return transitions_;
  }

  [[nodiscard]] core::Decision decide(std::string_view state, std::string_view event,
                                      const core::GuardContext& context) const override {
    core::Decision decision;
    if (find_state(state) == nullptr) {
      decision.outcome = core::Decision::Outcome::unknown_state;
      return decision;
    }
    if (find_event(event) == nullptr) {
      decision.outcome = core::Decision::Outcome::unknown_event;
      return decision;
    }
    std::vector<core::GuardFailure> failures;
    Machine machine;
    machine.scratch = {&context, &failures};
    restore(machine, state);

    boost::msm::back::HandledEnum handled = boost::msm::back::HANDLED_FALSE;
    bool dispatched = false;
    boost::mpl::for_each<Table, detail::Tag<boost::mpl::placeholders::_1>>([&](auto tag) {
      using Row = typename decltype(tag)::tagged;
      if (dispatched || Row::Evt::id != event) return;
      dispatched = true;
      handled = machine.process_event(typename Row::Evt{});
    });

    if (handled == boost::msm::back::HANDLED_TRUE) {
      decision.outcome = core::Decision::Outcome::allowed;
      decision.to = std::string(state_name(machine.current_state()[0]));
    } else if (handled == boost::msm::back::HANDLED_GUARD_REJECT) {
      decision.outcome = core::Decision::Outcome::guard_failed;
      decision.failures = deduplicate(std::move(failures));
    } else {
      decision.outcome = core::Decision::Outcome::not_possible;
    }
    return decision;
  }

  [[nodiscard]] std::vector<core::Availability> available(std::string_view state,
                                                          const core::GuardContext& context) const override {
    std::vector<core::Availability> result;
    for (const core::EventDescription& event : events_) {
      bool leaves_state = std::any_of(transitions_.begin(), transitions_.end(),
                                      [&](const auto& t) { return t.from == state && t.event == event.id; });
      if (!leaves_state) continue;
      core::Decision decision = decide(state, event.id, context);
      result.push_back(core::Availability{event.id, decision.allowed(), std::move(decision.failures)});
    }
    return result;
  }

  /// The one place where a persisted state id enters a machine. MSM keeps the active state as the
  /// numeric id it assigned from the table and exposes it through current_state(); a flat machine has
  /// one region, so writing that slot is exactly what MSM itself does when a transition completes.
  /// States have no entry actions, so starting the machine in the initial state first is harmless.
  static void restore(Machine& machine, std::string_view state_id) {
    int numeric = numeric_state_id(state_id);
    if (numeric < 0) throw std::invalid_argument("unknown state: " + std::string(state_id));
    machine.start();
    const_cast<int*>(machine.current_state())[0] = numeric;
  }

  /// The persisted id of the machine's active state.
  [[nodiscard]] static std::string_view active_state(const Machine& machine) {
    return state_name(machine.current_state()[0]);
  }

  /// Number of rows in the MSM transition table (for tests that compare it with the listing).
  static constexpr int kTableRows = boost::mpl::size<Table>::value;

 private:
  using StateSet = typename boost::msm::back::generate_state_set<typename Machine::stt>::type;

  /// MSM's numeric id of each state, by persisted id; built once from the state set.
  static const std::vector<std::string_view>& names_by_numeric_id() {
    static const std::vector<std::string_view> names = [] {
      std::vector<std::string_view> result(boost::mpl::size<StateSet>::value);
      boost::mpl::for_each<StateSet, detail::Tag<boost::mpl::placeholders::_1>>([&](auto tag) {
        using State = typename decltype(tag)::tagged;
        result[static_cast<std::size_t>(boost::msm::back::get_state_id<typename Machine::stt, State>::value)] =
            State::id;
      });
      return result;
    }();
    return names;
  }

  static std::string_view state_name(int numeric) {
    return names_by_numeric_id().at(static_cast<std::size_t>(numeric));
  }

  static int numeric_state_id(std::string_view state_id) {
    const auto& names = names_by_numeric_id();
    auto it = std::find(names.begin(), names.end(), state_id);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
  }

  static std::vector<core::GuardFailure> deduplicate(std::vector<core::GuardFailure> failures) {
    std::vector<core::GuardFailure> unique;
    for (auto& f : failures) {
      bool seen = std::any_of(unique.begin(), unique.end(),
                              [&](const auto& u) { return u.guard == f.guard && u.field == f.field; });
      if (!seen) unique.push_back(std::move(f));
    }
    return unique;
  }

  void add_state(const core::StateDescription& state) {
    bool seen = std::any_of(states_.begin(), states_.end(), [&](const auto& s) { return s.id == state.id; });
    if (!seen) states_.push_back(state);
  }

  /// States in order of first appearance (initial first), events likewise, one transition per row.
  void read_table() {
    using Initial = typename Front::initial_state;
    add_state(detail::describe_state<Initial>(true));
    boost::mpl::for_each<Table, detail::Tag<boost::mpl::placeholders::_1>>([&](auto tag) {
      using Row = typename decltype(tag)::tagged;
      using Source = typename Row::Source;
      using Target = typename Row::Target;
      using Event = typename Row::Evt;
      add_state(detail::describe_state<Source>(std::is_same_v<Source, Initial>));
      add_state(detail::describe_state<Target>(std::is_same_v<Target, Initial>));

      auto event = std::find_if(events_.begin(), events_.end(), [](const auto& e) { return e.id == Event::id; });
      if (event == events_.end()) {
        events_.push_back(core::EventDescription{Event::id, Event::label, {}});
        event = std::prev(events_.end());
      }
      detail::InputsOf<typename Row::Guard>::add(event->inputs);
      transitions_.push_back(
          core::TransitionDescription{Source::id, Event::id, Target::id, GuardTraits<typename Row::Guard>::describe()});
    });
  }

  std::vector<core::StateDescription> states_;
  std::vector<core::EventDescription> events_;
  std::vector<core::TransitionDescription> transitions_;
};

}  // namespace facilitator::workflows
