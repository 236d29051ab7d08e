#pragma once

// Migration 5: the effort report without a join (issue 5). Each activity carries copies of its
// project's workflow (which never changes), municipality, focus area and NACE section, as the
// stage intervals do (migration 4), so the effort report filters and groups the activities of a
// window from one covering index instead of looking up a project for each of them. The adviser of
// an activity is already its own.
//
// The copies are kept in step by a trigger on insert (add_activity_report_trigger: every path that
// adds activities, the API, imports and bulk loads, goes through it) and, when a project's fields
// change, by copy_report_fields (core/storage/report_repositories.hpp), which ProjectRepository::
// update calls; a transition changes none of them and writes no activity. The index replaces
// migration 4's activities_by_date_covering, which only the effort report read.

#include <string_view>

namespace soci {
class session;
}

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM005ReportEffort = R"sql(
ALTER TABLE activities ADD COLUMN workflow TEXT;
ALTER TABLE activities ADD COLUMN municipality TEXT;
ALTER TABLE activities ADD COLUMN focus_area TEXT;
ALTER TABLE activities ADD COLUMN nace_section TEXT;
UPDATE activities SET workflow = p.workflow, municipality = p.municipality, focus_area = p.focus_area,
  nace_section = p.nace_section FROM projects p WHERE p.id = activities.project_id;
DROP INDEX activities_by_date_covering;
CREATE INDEX activities_by_date_report ON activities
  (activity_date, workflow, municipality, focus_area, nace_section, adviser, minutes);
)sql";
// clang-format on

/// Creates the trigger that copies the project's report fields onto each new activity (run by
/// migration 5, in its transaction; the SQL differs per backend).
void add_activity_report_trigger(soci::session& sql);

}  // namespace facilitator::core::storage
