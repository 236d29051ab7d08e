#pragma once

// What the reports need from a database: aggregates over the stage intervals (derived from the
// event log, brought up to date before each report, see report.hpp) and over the case data. The
// repository does the counting that needs many rows; ReportService turns its answers into
// periods, shares and statistics. No SQL here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/time.hpp"
#include "core/report/report.hpp"

namespace facilitator::core {

/// An Oslo calendar date as a day number: days since 1970-01-01 (what storage indexes).
[[nodiscard]] std::int64_t day_number(Date date) noexcept;
[[nodiscard]] Date date_of_day_number(std::int64_t day) noexcept;
/// The day number of the Oslo date at a point in time.
[[nodiscard]] std::int64_t oslo_day_number(Timestamp t) noexcept;
/// The first millisecond of an Oslo calendar date (local midnight), in UTC.
[[nodiscard]] Timestamp oslo_start_of_day(Date date) noexcept;

/// Which projects, grouped how.
struct ReportScope {
  ReportFilter filter;
  ReportGrouping group_by = ReportGrouping::none;
};

/// A (workflow, state) pair.
struct WorkflowState {
  std::string workflow;
  std::string state;
};

/// The workflows' states of the kinds the stage-interval summary keeps facts about.
struct SummaryStateKinds {
  std::vector<WorkflowState> parked;
  std::vector<WorkflowState> closed;
  std::vector<WorkflowState> settled;  // closed or final: no longer under way

  /// The kinds as one text, to tell whether the summary was written with these.
  [[nodiscard]] std::string fingerprint() const {
    std::string text;
    for (const auto* list : {&parked, &closed, &settled}) {
      for (const WorkflowState& s : *list) text += s.workflow + "/" + s.state + ",";
      text += ";";
    }
    return text;
  }
};

struct StateCount {
  std::string group;
  std::string workflow;
  std::string state;
  std::int64_t count = 0;
};

struct DayStateCount {
  std::string group;
  std::string workflow;
  std::string state;
  std::int64_t day = 0;  // day_number
  std::int64_t count = 0;
};

/// The durations of one group's intervals in one state, in no particular order.
struct IntervalDurations {
  std::string group;
  std::string workflow;
  std::string state;
  std::vector<std::int64_t> millis;
};

struct EndToEndSpan {
  std::string group;
  std::int64_t total_millis = 0;
  std::int64_t parked_millis = 0;
};

struct GroupStateCount {
  std::string group;
  std::string state;  // a state, a close reason, or empty for the cohort size
  std::int64_t count = 0;
};

struct ConversionCounts {
  std::vector<GroupStateCount> cohort;   // per group, `state` empty
  std::vector<GroupStateCount> reached;  // per group and later state
  std::vector<GroupStateCount> closed;   // per group and reason of the last close
};

/// A project in a state at a point in time, with when it entered that state.
struct ProjectInState {
  std::int64_t project_id = 0;
  std::string title;
  std::string workflow;
  std::string state;
  std::int64_t entered_millis = 0;
  std::optional<std::string> adviser;
  std::optional<std::string> municipality;
  std::optional<std::string> response_deadline;
};

/// Projects stuck in their state: how many per state, and (some of) the projects.
struct StaleProjects {
  std::vector<StateCount> counts;
  std::vector<ProjectInState> projects;
};

struct FundingSum {
  std::string source;
  std::string group;
  std::int64_t applied_count = 0;
  std::int64_t applied_nok = 0;
  std::int64_t granted_count = 0;
  std::int64_t granted_nok = 0;
};

struct EffortSum {
  std::string group;
  std::int64_t activities = 0;
  std::int64_t minutes = 0;
};

/// A liaison case's creation and first answer.
struct ResponseSpan {
  std::int64_t created_millis = 0;
  std::int64_t answered_millis = 0;
};

class ReportRepository {
 public:
  virtual ~ReportRepository() = default;

  /// Whether the summary the reports read lags the event log (stage changes are summarised when
  /// the reports next run, not in the transitions' transactions) or was written with other kinds.
  virtual bool behind(const SummaryStateKinds& kinds) = 0;
  /// Brings the summary up to date with every committed event; in a write transaction. The
  /// summary keeps, for each stay, the time parked before it and the last closing after it, by
  /// `kinds`. Returns how many projects it caught up.
  virtual std::int64_t catch_up(const SummaryStateKinds& kinds) = 0;

  /// Per group, workflow and state: projects whose interval at `as_of` (started at or before it,
  /// ended after it or open) is in that state.
  virtual std::vector<StateCount> states_at(const ReportScope& scope, Timestamp as_of) = 0;

  /// Per group, workflow, state and day: intervals that started (`entered`) or ended (not
  /// `entered`) on a day from `from_day` to `to_day` (inclusive). When `only` is not empty, only
  /// intervals in those states.
  virtual std::vector<DayStateCount> intervals_by_day(const ReportScope& scope, bool entered, std::int64_t from_day,
                                                      std::int64_t to_day, const std::vector<WorkflowState>& only) = 0;

  /// The durations of the intervals that ended on a day from `from_day` to `to_day`, per group,
  /// workflow and state (each once, in no particular order).
  virtual std::vector<IntervalDurations> ended_intervals(const ReportScope& scope, std::int64_t from_day,
                                                         std::int64_t to_day) = 0;

  /// For each project of `workflow` whose first interval in `to_state` started from `from_day` to
  /// `to_day`: from its creation to that start, and the time in parked states before it (those
  /// given to the last catch-up).
  virtual std::vector<EndToEndSpan> end_to_end(const ReportScope& scope, const std::string& workflow,
                                               const std::string& to_state, std::int64_t from_day,
                                               std::int64_t to_day) = 0;

  /// The cohort of `workflow` that entered `from_state` from `from_day` to `to_day`, the later
  /// states its members entered after their first such entry, and the reason of their last close
  /// (an entry into a closed state given to the last catch-up) after it.
  virtual ConversionCounts conversion(const ReportScope& scope, const std::string& workflow,
                                      const std::string& from_state, std::int64_t from_day, std::int64_t to_day) = 0;

  /// Projects whose interval at `as_of` is not in one of `excluded` states (the settled ones given
  /// to the last catch-up, of the workflows asked for) and started before
  /// `before[state]` (`otherwise` for states not in `before`): how many per workflow and state
  /// (`group` empty), and the projects oldest first, then by id; only the first `limit` of them
  /// when a limit is given.
  virtual StaleProjects in_state_before(const ReportFilter& filter, Timestamp as_of,
                                        const std::map<std::string, Timestamp>& before, Timestamp otherwise,
                                        const std::vector<WorkflowState>& excluded,
                                        std::optional<std::int64_t> limit) = 0;

  /// Projects created at or before `as_of` with a response deadline before `deadline_before` (ISO
  /// date) that had entered none of `done` states at or before `as_of`; with their state at as_of.
  virtual std::vector<ProjectInState> overdue(const ReportFilter& filter, Timestamp as_of,
                                              const std::string& deadline_before,
                                              const std::vector<WorkflowState>& done) = 0;

  /// Projects created (first interval started) from `from_day` to `to_day`. A project starts in its
  /// workflow's initial state: `initial` lists those of the workflows to count.
  virtual std::int64_t created(const ReportFilter& filter, const std::vector<WorkflowState>& initial,
                               std::int64_t from_day, std::int64_t to_day) = 0;

  /// Distinct projects with a `granted` application decided from `from` to `to` (ISO dates).
  virtual std::int64_t funded_projects(const ReportFilter& filter, const std::string& from, const std::string& to) = 0;

  /// Projects of `workflow` whose first interval in `answered_state` started from `from_day` to
  /// `to_day`: their creation and that start.
  virtual std::vector<ResponseSpan> first_answers(const ReportFilter& filter, const std::string& workflow,
                                                  const std::string& answered_state, std::int64_t from_day,
                                                  std::int64_t to_day) = 0;

  /// Applied: non-draft applications created in [created_from, created_until); granted: `granted`
  /// applications decided from `from` to `to` (ISO dates); per source and group.
  virtual std::vector<FundingSum> funding(const ReportScope& scope, Timestamp created_from, Timestamp created_until,
                                          const std::string& from, const std::string& to) = 0;

  /// Activities dated from `from` to `to` (ISO dates), per group.
  virtual std::vector<EffortSum> effort(const ReportScope& scope, const std::string& from, const std::string& to) = 0;
};

}  // namespace facilitator::core
