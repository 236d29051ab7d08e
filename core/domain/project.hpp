#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/facts.hpp"
#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"

namespace facilitator::core {

using ProjectId = std::int64_t;

/// The snapshot of one project: its workflow, where it stands and the facts guards look at.
/// The event log is the source of truth; this row is kept in step with it in the same transaction.
struct Project {
  ProjectId id = 0;
  std::string workflow;
  std::string title;
  std::string state;
  std::int64_t version = 0;  // equals the sequence number of the project's latest event
  ProjectFacts facts;        // `facts.funding` is filled only where guards need it
  Timestamp created_at{};
  Timestamp updated_at{};
  Timestamp state_since{};  // when the project entered its current state
  std::string created_by;
  std::optional<std::int64_t> company_id;        // the existing firm the project is about
  std::optional<std::string> nace_section;       // industry, NACE section A-U
  std::optional<std::string> response_deadline;  // ISO date; liaison cases only
  std::optional<std::string> external_ref;       // the case number in an imported spreadsheet
};

/// An update to a field: absent leaves it unchanged, an empty inner optional clears it.
template <class T>
using Change = std::optional<std::optional<T>>;

/// The fields a person may edit directly (never state or version: those move by transitions).
struct ProjectChanges {
  std::optional<std::string> title;
  Change<std::string> adviser;
  Change<std::string> municipality;
  Change<std::string> focus_area;
  Change<std::string> organisation_number;
  Change<std::string> registration_date;
  Change<std::string> result_summary;
  std::optional<bool> business_plan_complete;
  std::optional<bool> self_financed;
  Change<std::int64_t> company_id;
  Change<std::string> nace_section;
  Change<std::string> municipal_unit;
  Change<std::string> external_ref;

  [[nodiscard]] bool empty() const noexcept;
};

struct NewProject {
  std::string workflow;
  ProjectChanges fields;  // `fields.title` is required
};

/// Who may read a note or an event: entrepreneurs never see `internal`.
enum class Visibility { internal, public_ };
[[nodiscard]] std::string_view to_string(Visibility v) noexcept;
[[nodiscard]] std::optional<Visibility> parse_visibility(std::string_view text) noexcept;

enum class EventKind { created, transition, updated };
[[nodiscard]] std::string_view to_string(EventKind k) noexcept;
[[nodiscard]] std::optional<EventKind> parse_event_kind(std::string_view text) noexcept;

/// One entry of a project's append-only history.
struct ProjectEvent {
  ProjectId project_id = 0;
  std::int64_t seq = 0;  // 1, 2, 3, ... per project; the project's version after this event
  EventKind kind = EventKind::transition;
  std::string event;  // the workflow event for transitions; "created" / "updated" otherwise
  std::optional<std::string> from_state;
  std::string to_state;
  std::string actor;
  Timestamp at{};
  std::optional<std::string> note;
  std::optional<std::string> reason;
  Visibility visibility = Visibility::internal;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> changes;  // for "updated": JSON object of the fields changed
};

/// A request to move a project by one workflow event.
struct TransitionCommand {
  ProjectId project_id = 0;
  std::string event;
  TransitionInput input;
  Visibility visibility = Visibility::internal;  // of the note
  std::int64_t expected_version = 0;
  std::optional<std::string> idempotency_key;
};

/// The answer to a transition; a retry with the same idempotency key gets the same answer.
struct TransitionResult {
  ProjectEvent event;  // state and version after the transition are event.to_state and event.seq
  bool replayed = false;
};

/// A workflow's refusal, with whether the event is impossible here or which guards failed.
class TransitionRejected : public DomainError {
 public:
  TransitionRejected(std::string event, std::string state, Decision decision);

  [[nodiscard]] const std::string& event() const noexcept { return event_; }
  [[nodiscard]] const std::string& state() const noexcept { return state_; }
  [[nodiscard]] const Decision& decision() const noexcept { return decision_; }

 private:
  std::string event_;
  std::string state_;
  Decision decision_;
};

}  // namespace facilitator::core
