#pragma once

// Migration 6: stage intervals off the commit path (issue 5). Keeping stage_intervals in step
// inside each transition's transaction (migration 4) more than doubled the pages a transition
// commits (18.7 WAL pages instead of 8.7 on SQLite), and cost SQLite transitions a third to a
// half of their throughput. Now a transition only notes its project, and the reports bring the
// intervals up to date before they read them (catch_up_stage_intervals, core/storage/
// report_repositories.hpp), by rebuilding the noted projects' intervals from their events.
//
// On PostgreSQL, where several instances write, a note is a row of `stage_interval_backlog`
// (one appended row, in a table without an index). A row is taken only once its transaction has
// committed (DELETE ... RETURNING removes the rows its snapshot sees, and a row committed later
// stays for the next catch-up), so no event is missed however commits interleave. A project may be
// noted many times; it is rebuilt once.
//
// On SQLite, whose writers are one process's, even that row was a page more for every commit (about
// a tenth of a transition's cost): notes are kept in the store's memory instead (PendingIntervals),
// and the first catch-up of a process finds what an earlier one left (every project compared with
// its intervals). The table serves SQLite for notes made by a migration.
//
// The intervals of a database at version 5 are up to date, so the backlog starts empty.

#include <string_view>

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM006IntervalBacklog = R"sql(
CREATE TABLE stage_interval_backlog (
  project_id BIGINT NOT NULL
);
)sql";
// clang-format on

}  // namespace facilitator::core::storage
