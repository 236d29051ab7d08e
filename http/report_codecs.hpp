#pragma once

// JSON shapes of the reports (docs/reports.md), and each report as one flat table for CSV. The
// tables are taken from the JSON answer itself, so the CSV carries exactly its numbers.

#include <vector>

#include <nlohmann/json.hpp>

#include "core/report/report.hpp"
#include "http/report_csv.hpp"

namespace facilitator::http {

/// One report as a flat table: its columns and one JSON object per row.
struct ReportTable {
  std::vector<CsvColumn> columns;
  nlohmann::json rows = nlohmann::json::array();
};

/// The filters that applied, as given ({} when none).
[[nodiscard]] nlohmann::json report_filter_json(const core::ReportFilter& filter);

// Each answer echoes what it covers (window or point in time, period, grouping, filters) beside
// its figures. Durations are days with two decimals, shares fractions with four, hours two.
[[nodiscard]] nlohmann::json pipeline_json(const core::PipelineRequest& request, const core::PipelineReport& report);
[[nodiscard]] nlohmann::json flow_json(const core::FlowRequest& request, const core::FlowReport& report);
[[nodiscard]] nlohmann::json throughput_json(const core::ThroughputRequest& request,
                                             const core::ThroughputReport& report);
[[nodiscard]] nlohmann::json conversion_json(const core::ConversionRequest& request,
                                             const core::ConversionReport& report);
[[nodiscard]] nlohmann::json cycle_time_json(const core::CycleTimeRequest& request,
                                             const core::CycleTimeReport& report);
[[nodiscard]] nlohmann::json aging_json(const core::AgingRequest& request, const core::AgingReport& report);
[[nodiscard]] nlohmann::json scorecard_json(const core::ScorecardRequest& request, const core::ScorecardReport& report);
[[nodiscard]] nlohmann::json funding_json(const core::FundingReportRequest& request, const core::FundingReport& report);
[[nodiscard]] nlohmann::json effort_json(const core::EffortRequest& request, const core::EffortReport& report);

// The CSV table of each report, from its JSON answer.
[[nodiscard]] ReportTable pipeline_table(const nlohmann::json& answer);
[[nodiscard]] ReportTable flow_table(const nlohmann::json& answer);
[[nodiscard]] ReportTable throughput_table(const nlohmann::json& answer);
/// One row per later stage reached (`outcome` reached), one for all closed (closed), and one per
/// close reason (closed_reason), each with the group's cohort.
[[nodiscard]] ReportTable conversion_table(const nlohmann::json& answer);
/// One row per state (`measure` state), and three per workflow end to end: end_to_end_total,
/// end_to_end_parked, end_to_end_active.
[[nodiscard]] ReportTable cycle_time_table(const nlohmann::json& answer);
/// The stale projects (`list` stale) and then the overdue liaison cases (overdue).
[[nodiscard]] ReportTable aging_table(const nlohmann::json& answer);
[[nodiscard]] ReportTable scorecard_table(const nlohmann::json& answer);
[[nodiscard]] ReportTable funding_table(const nlohmann::json& answer);
[[nodiscard]] ReportTable effort_table(const nlohmann::json& answer);

}  // namespace facilitator::http
