#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/domain/role.hpp"

namespace facilitator::core {

/// Where a funding application stands. Draft and submitted are "pending" (no decision yet).
enum class FundingStatus { draft, submitted, granted, rejected, withdrawn };

[[nodiscard]] std::string_view to_string(FundingStatus status) noexcept;
[[nodiscard]] std::optional<FundingStatus> parse_funding_status(std::string_view text) noexcept;
[[nodiscard]] constexpr bool is_pending(FundingStatus s) noexcept {
  return s == FundingStatus::draft || s == FundingStatus::submitted;
}

/// What a workflow's guards may look at about a project. Filled by the service from storage;
/// the workflows never read storage themselves.
struct ProjectFacts {
  std::optional<std::string> adviser;
  std::optional<std::string> municipality;  // official municipality number, e.g. "3103"
  // The named municipal unit a liaison case is referred to (e.g. "Plan og bygg").
  std::optional<std::string> municipal_unit;
  std::optional<std::string> focus_area;
  std::optional<std::string> organisation_number;
  std::optional<std::string> registration_date;  // ISO date
  std::optional<std::string> result_summary;
  std::optional<std::string> parked_from;  // the state a parked project resumes to
  bool business_plan_complete = false;
  bool self_financed = false;
  std::vector<FundingStatus> funding;  // statuses of the project's funding applications
};

/// What the person asking for a transition supplied with it.
struct TransitionInput {
  std::optional<std::string> note;
  std::optional<std::string> reason;
};

/// Everything a guard sees. `input` is null when the caller only asks which events are
/// available: guards on request inputs (a note, a reason) then count as satisfied and the
/// event lists them as required inputs instead.
struct GuardContext {
  const ProjectFacts& facts;
  const TransitionInput* input = nullptr;
  Role actor_role = Role::adviser;
};

}  // namespace facilitator::core
