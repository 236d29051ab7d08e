#include "core/access/access_control.hpp"

#include "core/domain/error.hpp"

namespace facilitator::core {

std::string project_not_found_detail(ProjectId id) { return "There is no project " + std::to_string(id) + "."; }

namespace {

/// Whether the actor may see the project at all, inside `tx`.
bool sees(Transaction& tx, const Actor& actor, ProjectId project) {
  switch (scope_of(actor.role, Action::project_read)) {
    case Scope::all:
      return true;
    case Scope::none:
      return false;
    case Scope::own:
      return actor.user_id && tx.projects().has_contact_user(project, *actor.user_id);
  }
  return false;
}

}  // namespace

void check_project_access(Transaction& tx, const Actor& actor, Action action, ProjectId project) {
  // First whether the project is visible at all: a project the caller may not see answers as one
  // that does not exist, whatever they tried to do with it. Then whether the role may do this.
  if (scope_of(actor.role, Action::project_read) != Scope::none && !sees(tx, actor, project))
    throw DomainError(ErrorCode::not_found, project_not_found_detail(project));
  require(actor, action);
}

void AccessControl::check(const Actor& actor, Action action, std::optional<ProjectId> project) {
  if (!project || scope_of(actor.role, Action::project_read) == Scope::all) {
    require(actor, action);
    return;
  }
  store_.read([&](Transaction& tx) { check_project_access(tx, actor, action, *project); });
}

bool AccessControl::may_see(const Actor& actor, ProjectId project) {
  Scope scope = scope_of(actor.role, Action::project_read);
  if (scope == Scope::all) return true;
  if (scope == Scope::none || !actor.user_id) return false;
  return store_.read_returning(
      [&](Transaction& tx) { return tx.projects().has_contact_user(project, *actor.user_id); });
}

}  // namespace facilitator::core
