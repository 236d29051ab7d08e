#pragma once

// Reading SELECT results into row structs, and other helpers the repositories share.

#include <optional>
#include <string>
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
inline std::string like_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace facilitator::core::storage
