#pragma once

// Loading many rows at once (demo data, benchmarks): every service call is one transaction, and a
// durable commit per call (an fsync on SQLite with synchronous=FULL) would dominate the time. A
// bulk load therefore opens the store with durability relaxed and makes everything durable once
// at the end. A crash in the middle can lose the last commits, never corrupt the database; a
// partly loaded demo database is simply loaded again.

#include <string>
#include <string_view>

namespace facilitator::core::storage {

/// The URL with commits made cheap: SQLite `synchronous=off`; PostgreSQL `synchronous_commit=off`
/// for this session only (libpq `options`, so the server's settings stay as they are). Throws
/// std::invalid_argument for a malformed URL, as DatabaseUrl::parse does.
[[nodiscard]] std::string bulk_load_url(std::string_view url);

/// Makes every commit of a bulk load durable, through a connection with the URL's own (durable)
/// settings: SQLite checkpoints the WAL into the database file and syncs it; PostgreSQL commits a
/// transaction synchronously, which flushes the WAL up to and including all earlier commits.
/// Call it after closing the bulk-load store.
void finish_bulk_load(std::string_view url);

}  // namespace facilitator::core::storage
