#pragma once

// The reporting engine (issue 5): pipeline, flow, throughput, conversion, cycle time, aging,
// scorecard, funding and effort. Every figure comes from the event log (through the stage
// intervals storage derives from it, which each report first brings up to date with every
// committed event) and from the case data; nothing here depends on SOCI, SQL or HTTP.
//
// Definitions shared by every report:
//
// - Days are calendar days in Norway (Europe/Oslo, `oslo_date`). A window is `from`..`to`, both
//   ISO dates and both inclusive; an event is in the window when its Oslo date is. A window left
//   out is the current year up to today (Oslo).
// - Periods are the ISO week (Monday to Sunday, labelled "2026-W05" after the ISO week-numbering
//   year), the month ("2026-03"), the quarter ("2026-Q1") or the year ("2026") of an Oslo date.
//   Only periods that meet the window are listed, each with its own first and last day (which
//   may lie outside the window; only days inside the window are counted).
// - Stage intervals: a project's events are read in sequence order. The `created` event and every
//   `transition` event start an interval in the event's `to_state` at the event's time; the
//   interval ends when the next such event starts the next one (`updated` events do not change
//   the state), and the last interval is open. The services stamp each event with their clock, so
//   a project's events are in time order.
// - Filters and grouping use each project's CURRENT field values (workflow, municipality, focus
//   area, NACE section, adviser), not the values it had when an event happened: a project moved to
//   another municipality is reported under the new one throughout its history. A filter left out
//   does not filter; several filters all apply. Grouping puts each row under the project's value of
//   one field; `group` is empty when nothing is grouped or the project has no value for the field.
// - States are per workflow: rows carry the workflow and the state id, and list states in the
//   workflow's table order.
// - Durations are in days, fractional, from the events' millisecond timestamps:
//   milliseconds ÷ 86 400 000. Statistics of a set of n durations: count n; mean = (sum of the
//   milliseconds) ÷ n ÷ 86 400 000; the p-th percentile (p50, p85, p95) by nearest rank, the
//   ⌈p·n⌉-th smallest duration. With n = 0 the statistics are absent.
// - Every report needs the `report_read` permission (admin, adviser, management).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case_data.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"

namespace facilitator::core {

class Store;

// ---------------------------------------------------------------------------------------------
// Requests

/// Which projects a report counts (each field left out does not filter).
struct ReportFilter {
  std::optional<std::string> workflow;
  std::optional<std::string> municipality;  // municipality number, e.g. "3103"
  std::optional<std::string> focus_area;
  std::optional<std::string> nace_section;
  std::optional<std::string> adviser;
};

/// The project field a report's rows are grouped by.
enum class ReportGrouping { none, workflow, municipality, focus_area, nace_section, adviser };
[[nodiscard]] std::string_view to_string(ReportGrouping grouping) noexcept;
[[nodiscard]] std::optional<ReportGrouping> parse_report_grouping(std::string_view text) noexcept;

enum class ReportPeriod { week, month, quarter, year };
[[nodiscard]] std::string_view to_string(ReportPeriod period) noexcept;
[[nodiscard]] std::optional<ReportPeriod> parse_report_period(std::string_view text) noexcept;

/// From `from` to `to`, both inclusive (Oslo calendar dates). Either left out: the current year's
/// first day, today.
struct DateWindow {
  std::optional<Date> from;
  std::optional<Date> to;
};

/// Work in progress per state at a point in time.
struct PipelineRequest {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  std::optional<Timestamp> as_of;  // default now
};

/// Entries into and exits from each state per period (cumulative flow data).
struct FlowRequest {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  ReportPeriod period = ReportPeriod::month;
  DateWindow window;
};

/// Results (entries into success states) per period.
struct ThroughputRequest {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  ReportPeriod period = ReportPeriod::month;
  DateWindow window;
};

/// How a cohort that entered one stage went on.
struct ConversionRequest {
  ReportFilter filter;  // `filter.workflow` is ignored: the workflow is `workflow`
  ReportGrouping group_by = ReportGrouping::none;
  DateWindow window;
  std::string workflow;                   // required
  std::optional<std::string> from_state;  // default the workflow's initial state
};

/// How long projects spend in each state, and from start to result.
struct CycleTimeRequest {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  DateWindow window;
};

/// Projects stuck in their state, and liaison cases past their deadline.
struct AgingRequest {
  ReportFilter filter;
  std::optional<Timestamp> as_of;                // default now
  std::map<std::string, double> threshold_days;  // by state id, for that state in every workflow
  double default_threshold_days = 60;            // for states not in `threshold_days`
  std::optional<std::int64_t> limit;             // list at most this many of each list (the counts stay whole)
};

/// The year's strategic targets against the figures to date.
struct ScorecardRequest {
  ReportFilter filter;
  std::optional<int> year;         // default the year of `as_of` (Oslo)
  std::optional<Timestamp> as_of;  // default now
};

/// NOK applied for and granted.
struct FundingReportRequest {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  DateWindow window;
};

/// Adviser hours. Here `adviser` (filter and grouping) is the activity's adviser, who spent the
/// time; the other fields are the project's.
struct EffortRequest {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
  DateWindow window;
};

// ---------------------------------------------------------------------------------------------
// Results. Every report echoes the resolved window or point in time it covers.

/// Count, mean and nearest-rank percentiles of durations in days; absent figures when count is 0.
struct DurationStats {
  std::int64_t count = 0;
  std::optional<double> mean;
  std::optional<double> p50;
  std::optional<double> p85;
  std::optional<double> p95;

  friend bool operator==(const DurationStats&, const DurationStats&) = default;
};

/// pipeline(as_of): per state, the projects whose state at `as_of` is that state: the state of the
/// last interval that started at or before `as_of`. Projects created after `as_of` do not count, and
/// events after `as_of` never change the figures. Every state of every workflow the filter admits
/// is listed for every group that has a project, zeros included; final states (completed, closed)
/// are listed but flagged `final`, and the work-in-progress totals leave them out.
struct PipelineRow {
  std::string group;
  std::string workflow;
  std::string state;
  StateKind kind = StateKind::active;
  bool final = false;
  std::int64_t count = 0;

  friend bool operator==(const PipelineRow&, const PipelineRow&) = default;
};
struct PipelineTotal {
  std::string group;
  std::string workflow;
  std::int64_t wip = 0;  // projects in a non-final state

  friend bool operator==(const PipelineTotal&, const PipelineTotal&) = default;
};
struct PipelineReport {
  Timestamp as_of{};
  std::vector<PipelineRow> rows;      // by group, workflow, then state in table order
  std::vector<PipelineTotal> totals;  // by group, workflow
};

/// A period a row belongs to: its label ("2026-W05", "2026-03", "2026-Q1", "2026") and its days.
struct PeriodKey {
  std::string label;
  Date first{};
  Date last{};

  friend bool operator==(const PeriodKey&, const PeriodKey&) = default;
};

/// flow(period, window): per period and state, `entered` = intervals in the state that started in
/// the period, `left` = intervals in the state that ended in the period (the day of the event that
/// started the next interval). Only days inside the window count. Rows with both figures 0 are left
/// out.
struct FlowRow {
  PeriodKey period;
  std::string group;
  std::string workflow;
  std::string state;
  std::int64_t entered = 0;
  std::int64_t left = 0;

  friend bool operator==(const FlowRow&, const FlowRow&) = default;
};
struct FlowReport {
  Date from{};
  Date to{};
  ReportPeriod period = ReportPeriod::month;
  std::vector<FlowRow> rows;  // by period, group, workflow, state in table order
};

/// throughput(period, window): per period and workflow, the entries into each success-kind state
/// (establishment: established, completed; innovation: in_progress, completed; liaison: answered)
/// in the period. Every entry counts: a project established twice (closed, reopened and
/// established again) counts twice. Rows with a count of 0 are left out.
struct ThroughputRow {
  PeriodKey period;
  std::string group;
  std::string workflow;
  std::string state;
  std::int64_t count = 0;

  friend bool operator==(const ThroughputRow&, const ThroughputRow&) = default;
};
struct ThroughputReport {
  Date from{};
  Date to{};
  ReportPeriod period = ReportPeriod::month;
  std::vector<ThroughputRow> rows;  // by period, group, workflow, state in table order
};

/// conversion(window, workflow, from_state): the cohort is the projects of the workflow with an
/// interval in `from_state` that started in the window; a project's cohort entry is the first such
/// interval. For each later state of the workflow (table order after `from_state`, parked and
/// closed states left out): how many of the cohort entered it after their cohort entry (in event
/// order), up to now, and that count's share of the cohort. Closed: how many entered a closed state
/// after their cohort entry, by close reason (the reason given on the transition into the closed
/// state); a project closed more than once counts once, under the reason of its last close. Shares
/// are count ÷ cohort (0 when the cohort is empty).
struct ConversionStage {
  std::string state;
  std::int64_t count = 0;
  double share = 0;

  friend bool operator==(const ConversionStage&, const ConversionStage&) = default;
};
struct ConversionReason {
  std::string reason;  // empty when the close had no reason
  std::int64_t count = 0;
  double share = 0;

  friend bool operator==(const ConversionReason&, const ConversionReason&) = default;
};
struct ConversionGroup {
  std::string group;
  std::int64_t cohort = 0;
  std::vector<ConversionStage> stages;  // every later state, zeros included
  std::int64_t closed = 0;
  double closed_share = 0;
  std::vector<ConversionReason> closed_by_reason;  // by reason

  friend bool operator==(const ConversionGroup&, const ConversionGroup&) = default;
};
struct ConversionReport {
  Date from{};
  Date to{};
  std::string workflow;
  std::string from_state;
  std::vector<ConversionGroup> groups;  // by group; groups without a cohort are left out
};

/// cycle-time(window), per state: the durations of the intervals in that state that ENDED in the
/// window (open intervals do not count).
struct StateCycleTime {
  std::string group;
  std::string workflow;
  std::string state;
  DurationStats days;

  friend bool operator==(const StateCycleTime&, const StateCycleTime&) = default;
};
/// cycle-time(window), end to end per workflow: from the project's creation (its first interval)
/// to its first entry into the workflow's result state (`end_to_end_state`: establishment →
/// established, innovation → completed, liaison → answered), for the projects whose first entry
/// into that state is in the window. `total` is that span; `parked` is the time spent in parked
/// states within it; `active` = total − parked, per project.
struct EndToEndCycleTime {
  std::string group;
  std::string workflow;
  std::string to_state;
  DurationStats total;
  DurationStats parked;
  DurationStats active;

  friend bool operator==(const EndToEndCycleTime&, const EndToEndCycleTime&) = default;
};
struct CycleTimeReport {
  Date from{};
  Date to{};
  std::vector<StateCycleTime> states;         // by group, workflow, state in table order; count > 0 only
  std::vector<EndToEndCycleTime> end_to_end;  // by group, workflow; count > 0 only
};

/// aging(as_of): projects whose state at `as_of` is neither final nor closed and whose current
/// interval started more than the state's threshold (days, fractional) before `as_of`; oldest
/// first (then by id).
struct AgingItem {
  std::int64_t project_id = 0;
  std::string title;
  std::string workflow;
  std::string state;
  double days = 0;  // in the state at `as_of`
  std::optional<std::string> adviser;
  std::optional<std::string> municipality;

  friend bool operator==(const AgingItem&, const AgingItem&) = default;
};
/// aging(as_of), overdue liaison cases: projects with a response deadline (projects.
/// response_deadline) before as_of's Oslo date, created at or before `as_of`, that had not entered
/// a success-kind state (`answered`) or a closed state at or before `as_of`; most overdue first
/// (then by id).
struct OverdueCase {
  std::int64_t project_id = 0;
  std::string title;
  std::string state;  // at `as_of`
  Date response_deadline{};
  std::int64_t days_overdue = 0;  // calendar days from the deadline to as_of's date
  std::optional<std::string> adviser;
  std::optional<std::string> municipality;

  friend bool operator==(const OverdueCase&, const OverdueCase&) = default;
};
/// How many projects of one state are stuck (all of them, whatever the limit).
struct AgingStateCount {
  std::string workflow;
  std::string state;
  std::int64_t count = 0;

  friend bool operator==(const AgingStateCount&, const AgingStateCount&) = default;
};
/// With a `limit`, `items` and `overdue` hold the first `limit` of each list; the counts are of
/// the whole lists.
struct AgingReport {
  Timestamp as_of{};
  std::vector<AgingItem> items;
  std::vector<OverdueCase> overdue;
  std::int64_t items_total = 0;
  std::vector<AgingStateCount> items_by_state;  // by workflow, state in table order; count > 0 only
  std::int64_t overdue_total = 0;
};

/// scorecard(year, as_of): each target of the year against the actual figure from the year's first
/// day up to as_of's Oslo date (or the year's last day, if earlier):
/// - establishments: entries into `established` (every entry counts);
/// - innovation_projects_funded: distinct innovation projects with a `granted` funding application
///   whose decision date is in that span;
/// - nok_granted: the amounts granted of `granted` applications with the decision date in the span;
/// - median_liaison_response_days: the median (the ⌈n/2⌉-th smallest, nearest rank) of the Norwegian
///   working days (working_days_between) from a liaison case's creation (`received`) to its first
///   entry into `answered`, over the cases first answered in the span; absent when there are none;
/// - new_projects: projects created in the span.
/// A target with a focus area counts only projects of that focus area (and the request's filter
/// applies as well). elapsed = days of the year up to the span's end ÷ days in the year (0 before
/// the year, 1 after it). For the counted metrics: expected = target × elapsed; projection =
/// actual ÷ elapsed (absent when elapsed is 0); on_track when actual ≥ expected. For the median,
/// lower is better and the target is the bar all year: expected = target, projection = actual,
/// on_track when there is an actual and it is ≤ target.
struct ScorecardRow {
  Target target;
  std::optional<double> actual;
  std::optional<double> expected_to_date;
  std::optional<double> projection;
  bool lower_is_better = false;
  bool on_track = false;

  friend bool operator==(const ScorecardRow&, const ScorecardRow&) = default;
};
struct ScorecardReport {
  int year = 0;
  Timestamp as_of{};
  Date through{};  // the last day counted
  double elapsed = 0;
  std::vector<ScorecardRow> rows;  // in the order TargetRepository lists them
};

/// funding(window): applied = the amounts applied for of applications that are not drafts (current
/// status) and were registered (created) in the window; granted = the amounts granted of `granted`
/// applications whose decision date is in the window; with how many of each.
struct FundingRow {
  std::string source;
  std::string group;
  std::int64_t applied_count = 0;
  std::int64_t applied_nok = 0;
  std::int64_t granted_count = 0;
  std::int64_t granted_nok = 0;

  friend bool operator==(const FundingRow&, const FundingRow&) = default;
};
struct FundingReport {
  Date from{};
  Date to{};
  std::vector<FundingRow> rows;  // by source, group; rows with all four figures 0 left out
};

/// effort(window): adviser time of activities whose date is in the window: hours = minutes ÷ 60.
struct EffortRow {
  std::string group;
  std::int64_t activities = 0;
  std::int64_t minutes = 0;
  double hours = 0;

  friend bool operator==(const EffortRow&, const EffortRow&) = default;
};
struct EffortReport {
  Date from{};
  Date to{};
  std::vector<EffortRow> rows;  // by group
};

/// The state a workflow's end-to-end cycle time runs to: establishment → established, innovation
/// → completed, liaison → answered; for another workflow its first success-kind state.
[[nodiscard]] std::string_view end_to_end_state(const Workflow& workflow);

/// The reports. Each call is one read transaction; each checks `report_read` first and throws
/// DomainError(invalid_input) for an unknown workflow, state or a window that ends before it starts.
class ReportService {
 public:
  ReportService(Store& store, const WorkflowRegistry& workflows, Clock clock);

  PipelineReport pipeline(const PipelineRequest& request, const Actor& actor);
  FlowReport flow(const FlowRequest& request, const Actor& actor);
  ThroughputReport throughput(const ThroughputRequest& request, const Actor& actor);
  ConversionReport conversion(const ConversionRequest& request, const Actor& actor);
  CycleTimeReport cycle_time(const CycleTimeRequest& request, const Actor& actor);
  AgingReport aging(const AgingRequest& request, const Actor& actor);
  ScorecardReport scorecard(const ScorecardRequest& request, const Actor& actor);
  FundingReport funding(const FundingReportRequest& request, const Actor& actor);
  EffortReport effort(const EffortRequest& request, const Actor& actor);

  /// Brings the stage intervals up to date with every committed event, as each report that reads
  /// them does first (a transition only notes its project; the reports rebuild the noted
  /// projects' intervals). Serving and bulk loads call it so that no report waits for a large
  /// backlog. Returns how many projects were caught up.
  std::int64_t bring_up_to_date();

 private:
  /// store_.read_returning(work), once the stage intervals are up to date (defined in report.cpp,
  /// its only user).
  template <class Work>
  auto read_current(Work&& work);

  Store& store_;
  const WorkflowRegistry& workflows_;
  Clock clock_;
};

}  // namespace facilitator::core
