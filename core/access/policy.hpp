#pragma once

// One authorization policy for the whole product (docs/design.md#roles): for each action, how much
// of it each role may do. Services ask it before they touch anything; the HTTP layer never decides
// access itself. The table in policy.cpp is the single source of truth, and tests derive the
// route × role matrix from it.

#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/role.hpp"

namespace facilitator::core {

/// Everything a caller can ask the system to do, one entry per kind of operation.
enum class Action {
  workflow_read,  // workflow definitions (labels, states, transitions)
  project_create,
  project_read,          // a project, its stage and its stage history
  project_update,        // edit facts
  project_transition,    // move through the workflow
  project_history_full,  // every event with internal notes (entrepreneurs get stage changes only)
  funding_read,
  funding_write,
  contact_read,
  contact_write,
  note_read_internal,
  note_read_public,
  note_write_internal,
  note_write_public,
  activity_read,
  activity_write,
  company_read,
  company_write,
  reference_read,  // municipalities, focus areas, NACE sections, funding sources
  reference_write,
  target_read,
  target_write,
  report_read,
  invitation_create,  // invite a project's contact as an entrepreneur
  user_manage,
  token_manage,
  audit_read,
  data_export,
};

/// How much of an action a role may do.
enum class Scope {
  none,  // not at all
  own,   // only on projects where the caller is a contact person (entrepreneurs)
  all,   // on everything
};

[[nodiscard]] std::string_view to_string(Action action) noexcept;
[[nodiscard]] std::optional<Action> parse_action(std::string_view text) noexcept;
[[nodiscard]] std::string_view to_string(Scope scope) noexcept;

/// The policy table's answer for one role and action.
[[nodiscard]] Scope scope_of(Role role, Action action) noexcept;

/// Every action, in declaration order (for tests and documentation).
[[nodiscard]] const std::vector<Action>& all_actions();

/// Throws DomainError(forbidden) unless the role may do the action at least on its own projects.
void require(const Actor& actor, Action action);

}  // namespace facilitator::core
