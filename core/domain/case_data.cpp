#include "core/domain/case_data.hpp"

#include "core/domain/enum_names.hpp"

namespace facilitator::core {

namespace {

constexpr EnumNames<ReferenceList, 4> kLists{{
    {ReferenceList::municipalities, "municipalities"},
    {ReferenceList::focus_areas, "focus_areas"},
    {ReferenceList::nace_sections, "nace_sections"},
    {ReferenceList::funding_sources, "funding_sources"},
}};

constexpr EnumNames<ReferenceList, 4> kListUrls{{
    {ReferenceList::municipalities, "municipalities"},
    {ReferenceList::focus_areas, "focus-areas"},
    {ReferenceList::nace_sections, "nace-sections"},
    {ReferenceList::funding_sources, "funding-sources"},
}};

constexpr EnumNames<ActivityKind, 6> kActivityKinds{{
    {ActivityKind::meeting, "meeting"},
    {ActivityKind::mentoring, "mentoring"},
    {ActivityKind::course, "course"},
    {ActivityKind::phone, "phone"},
    {ActivityKind::email, "email"},
    {ActivityKind::site_visit, "site_visit"},
}};

constexpr EnumNames<TargetMetric, 5> kMetrics{{
    {TargetMetric::establishments, "establishments"},
    {TargetMetric::innovation_projects_funded, "innovation_projects_funded"},
    {TargetMetric::nok_granted, "nok_granted"},
    {TargetMetric::median_liaison_response_days, "median_liaison_response_days"},
    {TargetMetric::new_projects, "new_projects"},
}};

}  // namespace

std::string_view to_string(ReferenceList list) noexcept { return name_of(kLists, list); }
std::string_view url_name(ReferenceList list) noexcept { return name_of(kListUrls, list); }
std::optional<ReferenceList> parse_reference_list(std::string_view text) noexcept {
  if (auto list = value_of(kListUrls, text)) return list;
  return value_of(kLists, text);
}

std::string_view to_string(ActivityKind kind) noexcept { return name_of(kActivityKinds, kind); }
std::optional<ActivityKind> parse_activity_kind(std::string_view text) noexcept {
  return value_of(kActivityKinds, text);
}

std::string_view to_string(TargetMetric metric) noexcept { return name_of(kMetrics, metric); }
std::optional<TargetMetric> parse_target_metric(std::string_view text) noexcept { return value_of(kMetrics, text); }

}  // namespace facilitator::core
