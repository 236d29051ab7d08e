#pragma once

// Migration 7: what the slowest reports looked up per project, written on the stage intervals
// (issue 5). Since migration 6 the intervals are rebuilt by the reports' catch-up, off the commit
// path, so facts derived from a project's whole history cost no transition anything:
//
// - `first_entry`: 1 on the project's first interval in its state. Cycle time's end-to-end spans
//   and the scorecard's liaison response time count first entries; they checked every earlier
//   interval of each project for one in the same state.
// - `created_at`: the project's creation (the start of its first interval), and `parked_before`:
//   the milliseconds it spent in parked states before the interval started (the states are the
//   workflows' own, given to the catch-up by ReportService). With them an end-to-end span is one
//   row of stage_intervals_first_entries instead of a walk over the project's intervals.
// - `later_states`: the states the project entered after the interval ("," between them, each
//   once), and `close_reason`: the reason of its last closing after it ('' for none given; NULL
//   when it was not closed after). A conversion cohort is then one range of
//   stage_intervals_by_state (made anew, wider) instead of a walk over each member's later
//   intervals. The closed states, like the parked ones, are the workflows' own.
// - `settled`: 1 on an interval in a closed or final state. The aging report's stale projects are
//   the open intervals in stage_intervals_open_unsettled that started before their threshold: the
//   projects still under way, not every project ever established or closed.
// - `response_deadline`: the liaison case's deadline, as on the project. The aging report's
//   overdue cases are the open intervals in stage_intervals_open_deadlines past their deadline
//   and not answered: a few hundred entries instead of a look-up for each of the tens of
//   thousands of cases whose deadline passed long after they were answered. Migration 4's
//   projects_by_response_deadline, which that look-up started from, goes.
//
// Each index also holds the columns of its own WHERE clause: SQLite reads a row's table entry for
// any column a query names that the index lacks, even one the partial index's condition fixes.
//
// Parked, closed and final are kinds of state the workflows define, and a new version may define
// them differently: `stage_interval_kinds` holds the kinds the intervals were written with, and a
// catch-up that is given other kinds rebuilds every project.
//
// The new columns need the whole history, so every project is noted in the backlog and the next
// catch-up (at the latest when `serve` starts) rebuilds them all in one pass.

#include <string_view>

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM007IntervalFacts = R"sql(
ALTER TABLE stage_intervals ADD COLUMN first_entry INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stage_intervals ADD COLUMN created_at BIGINT;
ALTER TABLE stage_intervals ADD COLUMN parked_before BIGINT;
ALTER TABLE stage_intervals ADD COLUMN response_deadline TEXT;
ALTER TABLE stage_intervals ADD COLUMN later_states TEXT NOT NULL DEFAULT '';
ALTER TABLE stage_intervals ADD COLUMN close_reason TEXT;
ALTER TABLE stage_intervals ADD COLUMN settled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE stage_interval_kinds (
  kinds TEXT NOT NULL
);
DROP INDEX stage_intervals_by_state;
CREATE INDEX stage_intervals_by_state ON stage_intervals
  (workflow, state, entered_day, municipality, focus_area, nace_section, adviser, project_id, seq, later_states,
   close_reason);
CREATE INDEX stage_intervals_first_entries ON stage_intervals
  (workflow, state, entered_day, municipality, focus_area, nace_section, adviser, entered_at, created_at, parked_before,
   first_entry)
  WHERE first_entry = 1;
CREATE INDEX stage_intervals_open_deadlines ON stage_intervals
  (response_deadline, state, entered_at, project_id, workflow, municipality, focus_area, nace_section, adviser, left_at)
  WHERE response_deadline IS NOT NULL AND left_at IS NULL;
CREATE INDEX stage_intervals_open_unsettled ON stage_intervals
  (workflow, state, entered_at, project_id, municipality, focus_area, nace_section, adviser, left_at, settled)
  WHERE left_at IS NULL AND settled = 0;
DROP INDEX projects_by_response_deadline;
INSERT INTO stage_interval_backlog (project_id) SELECT id FROM projects;
)sql";
// clang-format on

}  // namespace facilitator::core::storage
