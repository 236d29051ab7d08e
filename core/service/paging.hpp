#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/service/store.hpp"

namespace facilitator::core {

/// Limits every list endpoint shares.
inline constexpr std::int64_t kDefaultPageSize = 50;
inline constexpr std::int64_t kMaxPageSize = 500;

/// Opaque cursors: clients must not build them, so they carry a prefix naming what they page.
[[nodiscard]] std::string encode_cursor(std::string_view kind, std::int64_t position);
/// Throws DomainError(invalid_input, field "cursor") when the text is not a cursor of this kind.
[[nodiscard]] std::int64_t decode_cursor(std::string_view kind, std::string_view cursor);
/// A cursor of a list in another order than by id: the sort key, and the id that breaks its ties.
[[nodiscard]] std::string encode_cursor(std::string_view kind, std::int64_t key, std::int64_t id);
[[nodiscard]] std::pair<std::int64_t, std::int64_t> decode_cursor_pair(std::string_view kind, std::string_view cursor);
/// Throws DomainError(invalid_input, field "limit") outside 1..kMaxPageSize; default when absent.
[[nodiscard]] std::int64_t checked_page_size(std::optional<std::int64_t> limit);

/// One page by keyset: `list(query)` returns rows after `query.after_id` in id order; asking for
/// one row more than the page holds tells whether a next page exists. `count(query)` is the total.
/// `cursor_after(item)` makes the cursor that continues after the page's last item.
template <class Query, class List, class Count, class CursorAfter>
auto keyset_page_after(const Query& query, List list, Count count, CursorAfter cursor_after) {
  Query probe = query;
  probe.limit = query.limit + 1;
  Page<typename decltype(list(probe))::value_type> page;
  page.items = list(probe);
  page.total = count(query);
  if (static_cast<std::int64_t>(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next_cursor = cursor_after(page.items.back());
  }
  return page;
}

template <class Query, class List, class Count>
auto keyset_page(std::string_view kind, const Query& query, List list, Count count) {
  return keyset_page_after(query, list, count, [kind](const auto& last) { return encode_cursor(kind, last.id); });
}

}  // namespace facilitator::core
