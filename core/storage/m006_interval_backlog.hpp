#pragma once

// Migration 6: stage intervals off the commit path (issue 5). Keeping stage_intervals in step
// inside each transition's transaction (migration 4) more than doubled the pages a transition
// commits (18.7 WAL pages instead of 8.7 on SQLite), and cost SQLite transitions a third to a
// half of their throughput. Now a transition only notes its project in `stage_interval_backlog`:
// one appended row, in a table without an index. The reports bring the intervals up to date
// before they read them (catch_up_stage_intervals, core/storage/report_repositories.hpp), by
// rebuilding the noted projects' intervals from their events.
//
// The backlog is the whole mechanism, on both backends: a row is taken only once its transaction
// has committed (PostgreSQL's DELETE ... RETURNING removes the rows its snapshot sees, and a row
// committed later stays for the next catch-up), so no event is missed however commits interleave.
// A project may be noted many times; it is rebuilt once. The intervals of a database at version 5
// are up to date, so the backlog starts empty.

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
