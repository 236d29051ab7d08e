#pragma once

#include <string>
#include <string_view>

namespace facilitator::core::storage {

enum class Backend { sqlite, postgresql };

/// How SQLite makes a commit durable; FULL survives power loss, which a system of record needs.
enum class SqliteSync { full, normal, off };

/// A parsed `--db` value:
///   sqlite3://db=PATH [timeout=SECONDS] [synchronous=full|normal|off]
///   postgresql://host=... dbname=... (libpq keywords) or postgresql://user@host:port/db (a libpq URI)
struct DatabaseUrl {
  Backend backend = Backend::sqlite;
  std::string connect;      // what SOCI's backend receives
  std::string sqlite_path;  // SQLite only: the database file
  SqliteSync sqlite_sync = SqliteSync::full;
  int busy_timeout_ms = 5000;

  /// Throws std::invalid_argument with a message a person can act on.
  static DatabaseUrl parse(std::string_view url);
  /// The URL with any password replaced, for logs.
  [[nodiscard]] std::string redacted() const;
};

inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite3://db=./data/facilitator.db";

}  // namespace facilitator::core::storage
