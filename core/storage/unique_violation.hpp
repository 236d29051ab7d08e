#pragma once

// Telling a broken unique constraint (a value that is taken: the caller's duplicate) from every
// other database error, on both backends.

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <string>

namespace facilitator::core::storage {

/// Whether `e` is a broken unique constraint (or primary key). SOCI 4.0.3's SQLite backend does
/// not classify its errors (get_error_category() is always `unknown`), and on both backends a
/// foreign key that points nowhere is also a "constraint violation": so the SQLSTATE on
/// PostgreSQL, and on SQLite the result code with the message's kind of constraint.
[[nodiscard]] inline bool is_unique_violation(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) return pg->sqlstate() == "23505";
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    constexpr int kSqliteConstraint = 19;  // SQLITE_CONSTRAINT; the low byte of an extended code
    return (lite->result() & 0xff) == kSqliteConstraint &&
           std::string(e.what()).find("UNIQUE constraint failed") != std::string::npos;
  }
  return false;
}

}  // namespace facilitator::core::storage
