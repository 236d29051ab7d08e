#include "core/domain/facts.hpp"

#include <array>
#include <utility>

namespace facilitator::core {

namespace {
constexpr std::array<std::pair<FundingStatus, std::string_view>, 5> kStatuses{{
    {FundingStatus::draft, "draft"},
    {FundingStatus::submitted, "submitted"},
    {FundingStatus::granted, "granted"},
    {FundingStatus::rejected, "rejected"},
    {FundingStatus::withdrawn, "withdrawn"},
}};
}  // namespace

std::string_view to_string(FundingStatus status) noexcept {
  for (const auto& [value, name] : kStatuses)
    if (value == status) return name;
  return "unknown";
}

std::optional<FundingStatus> parse_funding_status(std::string_view text) noexcept {
  for (const auto& [value, name] : kStatuses)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace facilitator::core
