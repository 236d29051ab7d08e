#pragma once

// `facilitator import projects`: MNU's project spreadsheets into projects with their history.
// Every row is checked first (fields, reference codes, and that its stage dates can be followed
// through the workflow); then the valid rows are replayed through the services with a clock set to
// the historical dates, so the event log says what happened when. docs/import.md describes the
// columns and the rules.

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/project.hpp"
#include "core/domain/role.hpp"
#include "core/domain/time.hpp"
#include "core/domain/workflow.hpp"
#include "core/service/store.hpp"

namespace facilitator::core::bulk {

struct ImportOptions {
  /// Check and report only; write nothing.
  bool dry_run = false;
  /// Import the valid rows even when others are invalid (otherwise one invalid row stops all).
  bool skip_invalid = false;
  /// Who the history records as having done it. The importer acts with an administrator's rights,
  /// so that reopenings in the history replay as they happened.
  Actor actor{"import", Role::admin};
  /// The file's name, recorded in the note on each imported project.
  std::string source_name;
  /// Dates after this day are refused (history cannot be in the future); default: today in Norway.
  std::optional<Date> today;
};

/// One thing wrong (or ignored) in the file: where, and what. `line` 0 is the file as a whole;
/// `column` is empty when the problem is the row's, not one field's.
struct ImportProblem {
  std::size_t line = 0;
  std::string column;
  std::string message;
};

enum class RowOutcome { imported, would_import, already_imported, rejected };
[[nodiscard]] std::string_view to_string(RowOutcome outcome) noexcept;

/// What happened to one row of the file.
struct ImportRowResult {
  std::size_t line = 0;
  std::string external_ref;  // the row's saksnr
  RowOutcome outcome = RowOutcome::rejected;
  std::string workflow;
  std::string state;                    // where the project ends (or would end)
  std::size_t transitions = 0;          // workflow events replayed (or that would be)
  std::optional<ProjectId> project_id;  // the new project, or the one that already has this saksnr
  std::vector<ImportProblem> problems;  // why the row was rejected
  std::vector<ImportProblem> warnings;  // values that were ignored
};

struct ImportReport {
  char separator = ';';
  std::vector<std::string> notices;          // how the file was read (encoding, ignored columns)
  std::vector<ImportProblem> file_problems;  // the file cannot be read as a whole (header, quoting)
  std::vector<ImportRowResult> rows;         // one per non-blank data row, in file order
  std::size_t rows_read = 0;
  std::size_t imported = 0;  // imported, or would be in a dry run
  std::size_t skipped = 0;   // already imported earlier
  std::size_t rejected = 0;
  bool written = false;  // whether anything was written to the database

  /// A file problem or a rejected row: without --skip-invalid nothing is written.
  [[nodiscard]] bool has_invalid() const noexcept { return !file_problems.empty() || rejected > 0; }
};

/// Imports the projects in `file` (the file's bytes, as read from disk). Writes nothing when the
/// file has problems or a row is invalid, unless `skip_invalid`; each imported row is one database
/// transaction with skip_invalid, and the whole file is one without it. Throws DomainError only
/// when the database fails (unavailable); everything wrong with the file is in the report.
[[nodiscard]] ImportReport import_projects(std::string_view file, Store& store, const WorkflowRegistry& workflows,
                                           const ImportOptions& options);

/// The report as a person reads it: one line per row, `line N, column C: what is wrong` for each
/// problem, and a summary (rows read, imported, skipped, rejected).
void print_import_report(const ImportReport& report, const ImportOptions& options, std::ostream& out);

}  // namespace facilitator::core::bulk
