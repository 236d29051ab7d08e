#pragma once

// Migration 8: the funding figures without a join (issue 5). Each funding application carries
// copies of its project's workflow, municipality, focus area, NACE section and adviser, as the
// activities do (migration 5), and two covering indexes replace the index of decision dates: the
// applications sent in a window (by creation) and those granted in a window (by decision date).
// The funding report and the scorecard's granted NOK and funded projects then read an index range
// each instead of looking up each application and its project.
//
// The copies are kept in step by a trigger on insert (add_funding_report_trigger: every path that
// adds applications goes through it) and, when a project's fields change, by copy_report_fields
// (core/storage/report_repositories.hpp). A transition writes no application.

#include <string_view>

namespace soci {
class session;
}

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM008ReportFunding = R"sql(
ALTER TABLE funding_applications ADD COLUMN workflow TEXT;
ALTER TABLE funding_applications ADD COLUMN municipality TEXT;
ALTER TABLE funding_applications ADD COLUMN focus_area TEXT;
ALTER TABLE funding_applications ADD COLUMN nace_section TEXT;
ALTER TABLE funding_applications ADD COLUMN adviser TEXT;
UPDATE funding_applications SET workflow = p.workflow, municipality = p.municipality, focus_area = p.focus_area,
  nace_section = p.nace_section, adviser = p.adviser FROM projects p WHERE p.id = funding_applications.project_id;
DROP INDEX funding_applications_by_decision_date;
CREATE INDEX funding_applications_granted ON funding_applications
  (decision_date, status, workflow, municipality, focus_area, nace_section, adviser, project_id, source, amount_granted);
CREATE INDEX funding_applications_sent ON funding_applications
  (created_at, status, workflow, municipality, focus_area, nace_section, adviser, source, amount_applied);
)sql";
// clang-format on

/// Creates the trigger that copies the project's report fields onto each new funding application
/// (run by migration 8, in its transaction; the SQL differs per backend).
void add_funding_report_trigger(soci::session& sql);

}  // namespace facilitator::core::storage
