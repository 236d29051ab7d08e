#pragma once

// `facilitator export`: projects or their events as CSV (for Norwegian Excel) or JSON, read page by
// page through the services and written as they are read, so an export of any size runs in
// constant memory.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "core/domain/role.hpp"
#include "core/service/service_set.hpp"

namespace facilitator::core::bulk {

enum class ExportFormat { csv, json };
enum class ExportWhat { projects, events };

struct ExportOptions {
  ExportFormat format = ExportFormat::csv;
  ExportWhat what = ExportWhat::projects;
  /// CSV only: `;` is what Excel expects in a Norwegian locale.
  char separator = ';';
  /// Internal notes are confidential (entrepreneurs never see them); they leave the system only
  /// when asked for. Public notes are always exported.
  bool include_internal_notes = false;
  Actor actor{"export", Role::admin};
};

struct ExportSummary {
  std::size_t projects = 0;
  std::size_t events = 0;
  std::size_t internal_notes_left_out = 0;
};

/// The CSV header (and JSON field names) of an export, in order.
[[nodiscard]] std::vector<std::string> export_columns(ExportWhat what);

/// Writes every project (or every event of every project, by project id and sequence number) to
/// `out`: CSV as UTF-8 with a byte order mark and a header row, or JSON as one array of objects.
ExportSummary export_data(ServiceSet& services, const ExportOptions& options, std::ostream& out);

}  // namespace facilitator::core::bulk
