#include "core/access/policy.hpp"

#include <array>

#include "core/domain/enum_names.hpp"
#include "core/domain/error.hpp"

namespace facilitator::core {

namespace {

constexpr Scope N = Scope::none;
constexpr Scope O = Scope::own;
constexpr Scope A = Scope::all;

struct Rule {
  Action action;
  std::string_view name;
  Scope admin, adviser, management, entrepreneur;
};

// clang-format off
constexpr std::array kPolicy{
  //    action                         name                     admin adviser mgmt  entrepreneur
  Rule{Action::workflow_read,          "workflow_read",          A,    A,      A,    A},
  Rule{Action::project_create,         "project_create",         A,    A,      N,    N},
  Rule{Action::project_read,           "project_read",           A,    A,      A,    O},
  Rule{Action::project_update,         "project_update",         A,    A,      N,    N},
  Rule{Action::project_transition,     "project_transition",     A,    A,      N,    N},
  Rule{Action::project_history_full,   "project_history_full",   A,    A,      A,    N},
  Rule{Action::funding_read,           "funding_read",           A,    A,      A,    N},
  Rule{Action::funding_write,          "funding_write",          A,    A,      N,    N},
  Rule{Action::contact_read,           "contact_read",           A,    A,      A,    N},
  Rule{Action::contact_write,          "contact_write",          A,    A,      N,    N},
  Rule{Action::note_read_internal,     "note_read_internal",     A,    A,      A,    N},
  Rule{Action::note_read_public,       "note_read_public",       A,    A,      A,    O},
  Rule{Action::note_write_internal,    "note_write_internal",    A,    A,      N,    N},
  Rule{Action::note_write_public,      "note_write_public",      A,    A,      N,    O},
  Rule{Action::activity_read,          "activity_read",          A,    A,      A,    N},
  Rule{Action::activity_write,         "activity_write",         A,    A,      N,    N},
  Rule{Action::company_read,           "company_read",           A,    A,      A,    N},
  Rule{Action::company_write,          "company_write",          A,    A,      N,    N},
  Rule{Action::reference_read,         "reference_read",         A,    A,      A,    A},
  Rule{Action::reference_write,        "reference_write",        A,    N,      N,    N},
  Rule{Action::target_read,            "target_read",            A,    A,      A,    N},
  Rule{Action::target_write,           "target_write",           A,    N,      N,    N},
  Rule{Action::report_read,            "report_read",            A,    A,      A,    N},
  Rule{Action::invitation_create,      "invitation_create",      A,    A,      N,    N},
  Rule{Action::user_manage,            "user_manage",            A,    N,      N,    N},
  Rule{Action::token_manage,           "token_manage",           A,    N,      N,    N},
  Rule{Action::audit_read,             "audit_read",             A,    N,      N,    N},
  Rule{Action::data_export,            "data_export",            A,    A,      A,    N},
};
// clang-format on

constexpr const Rule* find_rule(Action action) noexcept {
  for (const Rule& rule : kPolicy)
    if (rule.action == action) return &rule;
  return nullptr;
}

constexpr EnumNames<Scope, 3> kScopes{{{Scope::none, "none"}, {Scope::own, "own"}, {Scope::all, "all"}}};

}  // namespace

std::string_view to_string(Action action) noexcept {
  const Rule* rule = find_rule(action);
  return rule ? rule->name : "unknown";
}

std::optional<Action> parse_action(std::string_view text) noexcept {
  for (const Rule& rule : kPolicy)
    if (rule.name == text) return rule.action;
  return std::nullopt;
}

std::string_view to_string(Scope scope) noexcept { return name_of(kScopes, scope); }

Scope scope_of(Role role, Action action) noexcept {
  const Rule* rule = find_rule(action);
  if (rule == nullptr) return Scope::none;
  switch (role) {
    case Role::admin:
      return rule->admin;
    case Role::adviser:
      return rule->adviser;
    case Role::management:
      return rule->management;
    case Role::entrepreneur:
      return rule->entrepreneur;
    case Role::system:
      return Scope::all;  // imports and maintenance commands run by the operator
  }
  return Scope::none;
}

const std::vector<Action>& all_actions() {
  static const std::vector<Action> actions = [] {
    std::vector<Action> result;
    for (const Rule& rule : kPolicy) result.push_back(rule.action);
    return result;
  }();
  return actions;
}

void require(const Actor& actor, Action action) {
  if (scope_of(actor.role, action) == Scope::none)
    throw DomainError(ErrorCode::forbidden, "Your role (" + std::string(to_string(actor.role)) + ") may not do this (" +
                                                std::string(to_string(action)) + ").");
}

}  // namespace facilitator::core
