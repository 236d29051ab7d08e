#include "core/domain/facts.hpp"

#include "core/domain/enum_names.hpp"

namespace facilitator::core {

namespace {
constexpr EnumNames<FundingStatus, 5> kStatuses{{
    {FundingStatus::draft, "draft"},
    {FundingStatus::submitted, "submitted"},
    {FundingStatus::granted, "granted"},
    {FundingStatus::rejected, "rejected"},
    {FundingStatus::withdrawn, "withdrawn"},
}};
}  // namespace

std::string_view to_string(FundingStatus status) noexcept { return name_of(kStatuses, status); }
std::optional<FundingStatus> parse_funding_status(std::string_view text) noexcept { return value_of(kStatuses, text); }

}  // namespace facilitator::core
