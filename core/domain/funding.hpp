#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/facts.hpp"
#include "core/domain/project.hpp"

namespace facilitator::core {

using FundingId = std::int64_t;

/// An application for funding made for a project (amounts in whole NOK).
struct FundingApplication {
  FundingId id = 0;
  ProjectId project_id = 0;
  std::string source;
  std::int64_t amount_applied = 0;
  std::optional<std::int64_t> amount_granted;
  FundingStatus status = FundingStatus::draft;
  std::optional<std::string> decision_date;  // ISO date
  std::int64_t version = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct FundingChanges {
  std::optional<std::string> source;
  std::optional<std::int64_t> amount_applied;
  Change<std::int64_t> amount_granted;
  std::optional<FundingStatus> status;
  Change<std::string> decision_date;
};

}  // namespace facilitator::core
