#pragma once

// Reading SELECT results into row structs, and other helpers the repositories share.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <soci/soci.h>

namespace facilitator::core::storage {

/// Reads every row of a prepared SELECT into `Row`, converting each with `convert`.
template <class Row, class Convert, class... Params>
auto fetch_all(soci::session& sql, const std::string& query, Convert convert, Params&... params) {
  Row row;
  auto prepared = (sql.prepare << query);
  row.bind_into(prepared);
  ((prepared, soci::use(params)), ...);
  soci::statement statement(prepared);
  statement.execute();
  std::vector<decltype(convert(row))> result;
  while (statement.fetch()) result.push_back(convert(row));
  return result;
}

/// The same for a query that yields at most one row.
template <class Row, class Convert, class... Params>
auto fetch_one(soci::session& sql, const std::string& query, Convert convert, Params&... params)
    -> std::optional<decltype(convert(std::declval<Row&>()))> {
  auto rows = fetch_all<Row>(sql, query, convert, params...);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

/// Escapes LIKE wildcards so that a search for "50%" means those characters, not a pattern.
/// One keyset page of a filtered table: rows with id above `query.after_id`, in id order, at most
/// `query.limit`. `Filter` supplies `where` (starting " WHERE") and `bind(prepared, query)`.
template <class Row, class Filter, class Query, class Convert>
auto fetch_page(soci::session& sql, std::string_view table, std::string_view columns, const Query& query,
                Convert convert) {
  Filter filter(query);
  long long after = query.after_id.value_or(0), limit = query.limit;
  Row row;
  auto prepared = (sql.prepare << "SELECT " + std::string(columns) + " FROM " + std::string(table) + filter.where +
                                      " AND id > :after ORDER BY id LIMIT :limit");
  row.bind_into(prepared);
  filter.bind(prepared, query);
  prepared, soci::use(after, "after"), soci::use(limit, "limit");
  soci::statement statement(prepared);
  statement.execute();
  std::vector<decltype(convert(row))> result;
  while (statement.fetch()) result.push_back(convert(row));
  return result;
}

/// How many rows of the table the filter lets through.
template <class Filter, class Query>
std::int64_t count_filtered(soci::session& sql, std::string_view table, const Query& query) {
  Filter filter(query);
  long long total = 0;
  auto prepared = (sql.prepare << "SELECT COUNT(*) FROM " + std::string(table) + filter.where, soci::into(total));
  filter.bind(prepared, query);
  soci::statement statement(prepared);
  statement.execute(true);
  return total;
}

/// A stored enum name read back; a name this version does not know means the database was
/// written by a newer version or by hand, which is an error rather than a value to guess.
template <class T>
T parsed(std::optional<T> value, std::string_view what, std::string_view text) {
  if (!value) throw std::runtime_error("database holds an unknown " + std::string(what) + ": " + std::string(text));
  return *value;
}

inline std::string like_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace facilitator::core::storage
