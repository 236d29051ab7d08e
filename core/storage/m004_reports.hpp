#pragma once

// Migration 4: what the reports read (issue 5). `stage_intervals` holds each project's stage
// intervals (core/report/report.hpp): one row per `created` or `transition` event, opened by that
// event and closed (left_*) by the project's next one, so it is the event log seen per stage; the
// migration fills it from the events already stored (backfill_stage_intervals, which needs the
// Oslo calendar and is therefore C++ rather than SQL). Since migration 6 the reports bring it up
// to date before they read it (m006_interval_backlog.hpp); until then each event kept it in step.
//
// Days are Oslo calendar days as day numbers (days since 1970-01-01), so windows and periods are
// index ranges. The project's workflow (which never changes) and its current municipality, focus
// area, NACE section and adviser (as of the last catch-up) are copied onto each
// row, so reports filter and group by current values without a join, from the indexes alone.
//
// Three indexes, each serving several reports: by state and entry day (entries, cohorts, first
// entries), by exit day (exits, durations, intervals that ended after a point in time) and the
// open intervals (the pipeline now, aging). The last two are partial, so an interval is in exactly
// one of them. On SQLite the secondary indexes of a WITHOUT ROWID table carry the primary key
// (project_id, seq) as well. (While each transition wrote its intervals, every index cost it a
// page or two; since migration 6 the reports' catch-up writes them, and migration 7 adds more.)

#include <string_view>

namespace soci {
class session;
}

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM004Reports = R"sql(
CREATE TABLE stage_intervals (
  project_id  BIGINT  NOT NULL REFERENCES projects (id),
  seq         BIGINT  NOT NULL,
  workflow    TEXT    NOT NULL,
  state       TEXT    NOT NULL,
  entered_at  BIGINT  NOT NULL,
  entered_day INTEGER NOT NULL,
  reason      TEXT,
  left_seq    BIGINT,
  left_at     BIGINT,
  left_day    INTEGER,
  municipality TEXT,
  focus_area   TEXT,
  nace_section TEXT,
  adviser      TEXT,
  PRIMARY KEY (project_id, seq)
){without_rowid};
CREATE INDEX stage_intervals_by_state ON stage_intervals
  (workflow, state, entered_day, municipality, focus_area, nace_section, adviser, project_id, seq);
CREATE INDEX stage_intervals_by_left_day ON stage_intervals
  (left_day, workflow, state, municipality, focus_area, nace_section, adviser, entered_at, left_at)
  WHERE left_day IS NOT NULL;
CREATE INDEX stage_intervals_open ON stage_intervals
  (workflow, state, municipality, focus_area, nace_section, adviser, entered_at, project_id, left_at)
  WHERE left_at IS NULL;
CREATE INDEX projects_by_response_deadline ON projects (response_deadline, id) WHERE response_deadline IS NOT NULL;
CREATE INDEX funding_applications_by_decision_date ON funding_applications (decision_date);
CREATE INDEX activities_by_date_covering ON activities (activity_date, project_id, minutes, adviser);
)sql";
// clang-format on

/// Fills stage_intervals from project_events (run by migration 4, in its transaction).
void backfill_stage_intervals(soci::session& sql);

}  // namespace facilitator::core::storage
