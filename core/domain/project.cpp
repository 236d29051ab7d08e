#include "core/domain/project.hpp"

#include <utility>

#include "core/domain/enum_names.hpp"

namespace facilitator::core {

bool ProjectChanges::empty() const noexcept {
  return !title && !adviser && !municipality && !focus_area && !organisation_number && !registration_date &&
         !result_summary && !business_plan_complete && !self_financed && !company_id && !nace_section &&
         !municipal_unit && !external_ref;
}

namespace {

constexpr EnumNames<Visibility, 2> kVisibilities{{
    {Visibility::internal, "internal"},
    {Visibility::public_, "public"},
}};

constexpr EnumNames<EventKind, 3> kEventKinds{{
    {EventKind::created, "created"},
    {EventKind::transition, "transition"},
    {EventKind::updated, "updated"},
}};

std::string rejection_detail(const std::string& event, const std::string& state, const Decision& d) {
  switch (d.outcome) {
    case Decision::Outcome::unknown_event:
      return "The workflow has no event '" + event + "'.";
    case Decision::Outcome::not_possible:
      return "The event '" + event + "' is not possible from the state '" + state + "'.";
    case Decision::Outcome::guard_failed: {
      std::string detail = "The event '" + event + "' is not allowed now:";
      for (const auto& f : d.failures) detail += " " + std::string(f.message.en);
      return detail;
    }
    default:
      return "The event '" + event + "' cannot be applied.";
  }
}

}  // namespace

std::string_view to_string(Visibility v) noexcept { return name_of(kVisibilities, v); }
std::optional<Visibility> parse_visibility(std::string_view text) noexcept { return value_of(kVisibilities, text); }
std::string_view to_string(EventKind k) noexcept { return name_of(kEventKinds, k); }
std::optional<EventKind> parse_event_kind(std::string_view text) noexcept { return value_of(kEventKinds, text); }

TransitionRejected::TransitionRejected(std::string event, std::string state, Decision decision)
    : DomainError(ErrorCode::transition_rejected, rejection_detail(event, state, decision)),
      event_(std::move(event)),
      state_(std::move(state)),
      decision_(std::move(decision)) {}

}  // namespace facilitator::core
