#pragma once

// Object-level access: the policy table (policy.hpp) applied to one request, with ownership.
// The HTTP router calls check() for every route before its handler runs, so no route can forget.

#include <optional>
#include <string>

#include "core/access/policy.hpp"
#include "core/domain/project.hpp"
#include "core/domain/role.hpp"
#include "core/service/store.hpp"

namespace facilitator::core {

class AccessControl {
 public:
  explicit AccessControl(Store& store) : store_(store) {}

  /// With `project`: throws DomainError(not_found), in the words used for a project that does not
  /// exist, when the caller may not see the project (an entrepreneur who is not its contact), so
  /// that a project the caller may not see is indistinguishable from one that is not there; then
  /// DomainError(forbidden) when the role may not do `action` at all.
  void check(const Actor& actor, Action action, std::optional<ProjectId> project = std::nullopt);

  /// Whether the actor may see the project at all (project_read with ownership).
  [[nodiscard]] bool may_see(const Actor& actor, ProjectId project);

 private:
  Store& store_;
};

/// check() inside a transaction the caller already has (services use it on their own reads).
void check_project_access(Transaction& tx, const Actor& actor, Action action, ProjectId project);

/// The words of a 404 for a project, shared by "missing" and "not yours".
[[nodiscard]] std::string project_not_found_detail(ProjectId id);

}  // namespace facilitator::core
