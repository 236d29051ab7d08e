#pragma once

// The reports' queries (core/report/report_repository.hpp) and the upkeep of stage_intervals
// (migrations 4 and 6): each stage change notes its project in the backlog, and the reports
// rebuild the noted projects' intervals before they read.

#include <soci/soci.h>

#include <mutex>
#include <unordered_set>
#include <vector>

#include "core/domain/project.hpp"
#include "core/report/report_repository.hpp"
#include "core/storage/database_url.hpp"

namespace facilitator::core::storage {

/// The projects whose stage intervals lag their events, as one store (one process) knows them on
/// SQLite. SQLite's writers are one process's, so a transition need not write its note: it joins
/// these when its transaction has committed (SociStore::write holds the writer lock through the
/// commit, and a catch-up is a write too, so none runs in between). What a process noted and did
/// not catch up before it stopped is found again by the first catch-up of the next one, which
/// compares every project with its intervals (reconcile). On PostgreSQL, where several instances
/// write, notes are rows of stage_interval_backlog, written in the transaction itself.
class PendingIntervals {
 public:
  void add(const std::vector<long long>& projects);
  [[nodiscard]] std::vector<long long> pending() const;
  /// After a committed catch-up that took `projects` (and compared every project, if `reconciled`).
  void caught_up(const std::vector<long long>& projects, bool reconciled);
  [[nodiscard]] bool behind() const;
  [[nodiscard]] bool reconciled() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_set<long long> projects_;
  bool reconciled_ = false;
};

/// One transaction's notes: the projects whose intervals its writes make lag, and what its
/// catch-up took. `store` is the store's PendingIntervals on SQLite, null on PostgreSQL.
class IntervalNotes {
 public:
  IntervalNotes(soci::session& sql, PendingIntervals* store) : sql_(sql), store_(store) {}
  /// Notes `project`: on SQLite for the store once this transaction commits, on PostgreSQL as a
  /// row of stage_interval_backlog.
  void note(long long project);
  /// After this transaction committed: hands its notes and its catch-up to the store (SQLite).
  void committed();

  [[nodiscard]] PendingIntervals* store() const noexcept { return store_; }
  std::vector<long long> taken;  // what this transaction's catch-up took from the store
  bool reconciled = false;       // whether it compared every project with its intervals

 private:
  soci::session& sql_;
  PendingIntervals* store_;
  std::vector<long long> noted_;
};

/// Notes the event's project if the event changes the state (`created`, `transition`); nothing
/// for `updated`. Called by EventRepository::append: on SQLite nothing is written for it, on
/// PostgreSQL one appended row.
void note_stage_change(IntervalNotes& notes, const ProjectEvent& event);

/// After a change of the project's municipality, focus area, NACE section, adviser or response
/// deadline: copies them to its activities (migration 5) and funding applications (migration 8)
/// where they differ, and notes the project in the backlog so that its stage intervals take them
/// at the next catch-up (reports filter and group by current values without a join). Called by
/// ProjectRepository::update, in the same transaction.
void copy_report_fields(soci::session& sql, Backend backend, std::int64_t project_id, IntervalNotes& notes);

/// Rebuilds the stage intervals of every project in the backlog from its events (with migration
/// 7's facts, by the states' `kinds`), and empties the backlog of what it took;
/// one pass over the whole log when that is a quarter of the projects or more. Takes only rows whose
/// transactions have committed, one catch-up at a time. Returns how many projects it rebuilt. Run
/// in a write transaction. On SQLite it takes the store's notes as well, and the first catch-up
/// of a store compares every project with its intervals (what an earlier process noted and did
/// not catch up).
std::int64_t catch_up_stage_intervals(soci::session& sql, Backend backend, const SummaryStateKinds& kinds,
                                      IntervalNotes& notes);

/// Whether a project is noted (in the backlog, or the store's notes on SQLite), i.e.
/// stage_intervals lags the event log, or the intervals were written with other kinds of state.
bool stage_intervals_behind(soci::session& sql, const SummaryStateKinds& kinds, const PendingIntervals* store);

class SociReportRepository final : public ReportRepository {
 public:
  SociReportRepository(soci::session& sql, Backend backend, IntervalNotes& notes)
      : sql_(sql), backend_(backend), notes_(notes) {}

  bool behind(const SummaryStateKinds& kinds) override { return stage_intervals_behind(sql_, kinds, notes_.store()); }
  std::int64_t catch_up(const SummaryStateKinds& kinds) override {
    return catch_up_stage_intervals(sql_, backend_, kinds, notes_);
  }
  std::vector<StateCount> states_at(const ReportScope& scope, Timestamp as_of) override;
  std::vector<DayStateCount> intervals_by_day(const ReportScope& scope, bool entered, std::int64_t from_day,
                                              std::int64_t to_day, const std::vector<WorkflowState>& only) override;
  std::vector<IntervalDurations> ended_intervals(const ReportScope& scope, std::int64_t from_day,
                                                 std::int64_t to_day) override;
  std::vector<EndToEndSpan> end_to_end(const ReportScope& scope, const std::string& workflow,
                                       const std::string& to_state, std::int64_t from_day,
                                       std::int64_t to_day) override;
  ConversionCounts conversion(const ReportScope& scope, const std::string& workflow, const std::string& from_state,
                              std::int64_t from_day, std::int64_t to_day) override;
  StaleProjects in_state_before(const ReportFilter& filter, Timestamp as_of,
                                const std::map<std::string, Timestamp>& before, Timestamp otherwise,
                                const std::vector<WorkflowState>& excluded, std::optional<std::int64_t> limit) override;
  std::vector<ProjectInState> overdue(const ReportFilter& filter, Timestamp as_of, const std::string& deadline_before,
                                      const std::vector<WorkflowState>& done) override;
  std::int64_t created(const ReportFilter& filter, const std::vector<WorkflowState>& initial, std::int64_t from_day,
                       std::int64_t to_day) override;
  std::int64_t funded_projects(const ReportFilter& filter, const std::string& from, const std::string& to) override;
  std::vector<ResponseSpan> first_answers(const ReportFilter& filter, const std::string& workflow,
                                          const std::string& answered_state, std::int64_t from_day,
                                          std::int64_t to_day) override;
  std::vector<FundingSum> funding(const ReportScope& scope, Timestamp created_from, Timestamp created_until,
                                  const std::string& from, const std::string& to) override;
  std::vector<EffortSum> effort(const ReportScope& scope, const std::string& from, const std::string& to) override;

 private:
  /// " INDEXED BY name" on SQLite, whose planner (without statistics) may otherwise scan a whole
  /// index to save a sort; nothing on PostgreSQL, which plans from its statistics.
  [[nodiscard]] std::string indexed_by(std::string_view index) const;

  soci::session& sql_;
  Backend backend_;
  IntervalNotes& notes_;
};

}  // namespace facilitator::core::storage
