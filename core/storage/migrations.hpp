#pragma once

#include <string_view>
#include <vector>

#include "core/storage/database_url.hpp"

namespace soci {
class session;
}

namespace facilitator::core::storage {

/// One numbered schema change. The SQL is written once for both backends; the few words that differ
/// are placeholders replaced per backend:
///   {id}            an auto-generated 64-bit primary key column type
///   {without_rowid} SQLite's clustered-table clause (nothing on PostgreSQL)
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // statements separated by ";" at the end of a line
  /// Run after the statements, in the same transaction: data a statement cannot compute.
  void (*after)(soci::session& sql) = nullptr;
};

/// Every migration, in order. Append only: a released migration never changes.
[[nodiscard]] const std::vector<Migration>& migrations();

/// The migration's statements for one backend.
[[nodiscard]] std::vector<std::string> statements_for(const Migration& migration, Backend backend);

/// Applies the migrations the database lacks, each in its own transaction. Safe to run from several
/// processes at once. Returns how many were applied.
int apply_migrations(soci::session& sql, Backend backend);

/// The highest migration applied, 0 for an empty database.
[[nodiscard]] int schema_version(soci::session& sql, Backend backend);

}  // namespace facilitator::core::storage
