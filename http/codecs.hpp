#pragma once

// JSON shapes of the API (docs/design.md#api-conventions): snake_case, RFC 3339 UTC times, whole
// NOK, labels as {"nb": ..., "en": ...}.

#include <nlohmann/json.hpp>

#include "core/domain/case_data.hpp"
#include "core/domain/funding.hpp"
#include "core/domain/project.hpp"
#include "core/domain/workflow.hpp"
#include "core/service/project_service.hpp"
#include "core/service/store.hpp"
#include "http/json_input.hpp"

namespace facilitator::http {

[[nodiscard]] nlohmann::json label_json(core::Label label);
[[nodiscard]] nlohmann::json workflow_summary_json(const core::Workflow& workflow);
/// "active", "parked", "success" or "closed".
[[nodiscard]] std::string_view state_kind_name(core::StateKind kind);
[[nodiscard]] nlohmann::json workflow_json(const core::Workflow& workflow);

[[nodiscard]] nlohmann::json project_json(const core::Project& project);
[[nodiscard]] nlohmann::json project_view_json(const core::ProjectView& view);
[[nodiscard]] nlohmann::json event_json(const core::ProjectEvent& event);
/// What an entrepreneur sees of a project: its title, its stage with the public text, the stages
/// that can come next; no adviser facts, no guards.
[[nodiscard]] nlohmann::json outsider_project_json(const core::Project& project, const core::Workflow& workflow);
/// A stage change as an entrepreneur sees it (the service has already removed internal notes).
[[nodiscard]] nlohmann::json outsider_event_json(const core::ProjectEvent& event);
[[nodiscard]] nlohmann::json transition_result_json(const core::TransitionResult& result);
[[nodiscard]] nlohmann::json funding_json(const core::FundingApplication& application);
[[nodiscard]] nlohmann::json company_json(const core::Company& company);
[[nodiscard]] nlohmann::json reference_item_json(const core::ReferenceItem& item);

template <class T, class ToJson>
[[nodiscard]] nlohmann::json page_json(const core::Page<T>& page, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json(nullptr)}};
}

/// Reads the editable project fields; `state`, `version` and other read-only members are refused.
[[nodiscard]] core::ProjectChanges read_project_changes(ObjectReader& reader);
[[nodiscard]] core::FundingChanges read_funding_changes(ObjectReader& reader);
[[nodiscard]] core::CompanyChanges read_company_changes(ObjectReader& reader);
[[nodiscard]] core::ReferenceChanges read_reference_changes(ObjectReader& reader);

}  // namespace facilitator::http
