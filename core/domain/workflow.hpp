#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/facts.hpp"
#include "core/domain/label.hpp"

namespace facilitator::core {

/// What a state means for lists and reports.
enum class StateKind {
  active,   // work goes on here
  parked,   // on hold; resumes to the state it left
  success,  // a final or milestone state that counts as a result (e.g. established)
  closed,   // stopped without a result
};

struct StateDescription {
  std::string_view id;
  Label label;
  Label public_text;  // for entrepreneurs: what happens now and what comes next
  StateKind kind = StateKind::active;
  bool initial = false;
  bool final = false;
};

/// Guards check project facts, request inputs or the actor's role.
enum class GuardKind { fact, input, actor };

struct GuardDescription {
  std::string_view id;
  GuardKind kind = GuardKind::fact;
  Label label;  // the condition, e.g. "An adviser is assigned"
};

/// A value the caller must send with an event (e.g. a note, a reason code).
struct EventInput {
  std::string_view field;
  std::vector<std::string_view> allowed_values;  // empty: free text
};

struct EventDescription {
  std::string_view id;
  Label label;
  std::vector<EventInput> inputs;  // derived from the event's input guards
};

struct TransitionDescription {
  std::string_view from;
  std::string_view event;
  std::string_view to;
  std::vector<GuardDescription> guards;
};

/// The outcome of asking a workflow whether an event may happen now.
struct Decision {
  enum class Outcome {
    allowed,        // `to` holds the new state
    not_possible,   // the event does not lead anywhere from this state
    guard_failed,   // a transition exists but `failures` say why it may not happen now
    unknown_event,  // the workflow has no such event
    unknown_state,  // the state is not one of this workflow's (corrupt or foreign data)
  };
  Outcome outcome = Outcome::not_possible;
  std::string to;
  std::vector<GuardFailure> failures;

  [[nodiscard]] bool allowed() const noexcept { return outcome == Outcome::allowed; }
};

/// One event that leads somewhere from the current state, and whether it may happen now.
struct Availability {
  std::string_view event;
  bool allowed = false;
  std::vector<GuardFailure> reasons;
};

/// A workflow as the engine, the API and the reports see it, without any state-machine types.
/// Implementations derive every listing from their transition table.
class Workflow {
 public:
  virtual ~Workflow() = default;

  [[nodiscard]] virtual std::string_view id() const noexcept = 0;
  [[nodiscard]] virtual Label label() const noexcept = 0;
  [[nodiscard]] virtual const std::vector<StateDescription>& states() const noexcept = 0;
  [[nodiscard]] virtual const std::vector<EventDescription>& events() const noexcept = 0;
  [[nodiscard]] virtual const std::vector<TransitionDescription>& transitions() const noexcept = 0;

  /// Would `event` move a project in `state` with these facts, and to where?
  [[nodiscard]] virtual Decision decide(std::string_view state, std::string_view event,
                                        const GuardContext& context) const = 0;

  /// Each event with a transition out of `state`, in table order, and whether its guards pass.
  [[nodiscard]] virtual std::vector<Availability> available(std::string_view state,
                                                            const GuardContext& context) const = 0;

  [[nodiscard]] const StateDescription& initial_state() const;
  [[nodiscard]] const StateDescription* find_state(std::string_view state_id) const noexcept;
  [[nodiscard]] const EventDescription* find_event(std::string_view event_id) const noexcept;
};

/// The workflows this installation knows, by id.
class WorkflowRegistry {
 public:
  void add(std::unique_ptr<Workflow> workflow);
  [[nodiscard]] const Workflow* find(std::string_view id) const noexcept;
  [[nodiscard]] const Workflow& get(std::string_view id) const;  // throws not_found
  [[nodiscard]] const std::vector<std::unique_ptr<Workflow>>& all() const noexcept { return workflows_; }

 private:
  std::vector<std::unique_ptr<Workflow>> workflows_;
};

}  // namespace facilitator::core
