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

/// Where a page by id starts: the rows with an id above `after`, in id order.
struct IdKeyset {
  long long after = 0;

  [[nodiscard]] static std::string_view clause() { return " AND id > :after ORDER BY id"; }
  template <class Prepared>
  void bind(Prepared& prepared) {
    prepared, soci::use(after, "after");
  }
};

/// One keyset page of a filtered table: at most `query.limit` rows from where `keyset` starts, in
/// its order. `Filter` supplies `where` (starting " WHERE") and `bind(prepared, query)`; `Keyset`
/// supplies `clause()` (" AND <after the start> ORDER BY ...") and `bind(prepared)`.
template <class Row, class Filter, class Query, class Convert, class Keyset>
auto fetch_page(soci::session& sql, std::string_view table, std::string_view columns, const Query& query,
                Convert convert, Keyset keyset) {
  Filter filter(query);
  long long limit = query.limit;
  Row row;
  auto prepared = (sql.prepare << "SELECT " + std::string(columns) + " FROM " + std::string(table) + filter.where +
                                      std::string(keyset.clause()) + " LIMIT :limit");
  row.bind_into(prepared);
  filter.bind(prepared, query);
  keyset.bind(prepared);
  prepared, soci::use(limit, "limit");
  soci::statement statement(prepared);
  statement.execute();
  std::vector<decltype(convert(row))> result;
  while (statement.fetch()) result.push_back(convert(row));
  return result;
}

/// The same in id order, after `query.after_id`.
template <class Row, class Filter, class Query, class Convert>
auto fetch_page(soci::session& sql, std::string_view table, std::string_view columns, const Query& query,
                Convert convert) {
  return fetch_page<Row, Filter>(sql, table, columns, query, convert, IdKeyset{query.after_id.value_or(0)});
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

/// Escapes LIKE wildcards so that a search for "50%" means those characters, not a pattern.
inline std::string like_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace facilitator::core::storage
