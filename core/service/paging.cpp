#include "core/service/paging.hpp"

#include <charconv>

#include "core/domain/error.hpp"

namespace facilitator::core {

std::string encode_cursor(std::string_view kind, std::int64_t position) {
  return std::string(kind) + "." + std::to_string(position);
}

namespace {

DomainError invalid_cursor() {
  return DomainError(ErrorCode::invalid_input, "The cursor is not valid; use next_cursor from a previous page.",
                     {{"cursor", "invalid", "not a cursor returned by this list"}});
}

/// The text after "kind." of a cursor of that kind.
std::string_view cursor_body(std::string_view kind, std::string_view cursor) {
  if (cursor.size() <= kind.size() + 1 || cursor.substr(0, kind.size()) != kind || cursor[kind.size()] != '.')
    throw invalid_cursor();
  return cursor.substr(kind.size() + 1);
}

/// A whole non-negative number, nothing before or after it.
std::int64_t cursor_number(std::string_view digits) {
  std::int64_t position = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), position);
  if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || position < 0)
    throw invalid_cursor();
  return position;
}

}  // namespace

std::int64_t decode_cursor(std::string_view kind, std::string_view cursor) {
  return cursor_number(cursor_body(kind, cursor));
}

std::string encode_cursor(std::string_view kind, std::int64_t key, std::int64_t id) {
  return std::string(kind) + "." + std::to_string(key) + "." + std::to_string(id);
}

std::pair<std::int64_t, std::int64_t> decode_cursor_pair(std::string_view kind, std::string_view cursor) {
  std::string_view body = cursor_body(kind, cursor);
  auto dot = body.find('.');
  if (dot == std::string_view::npos) throw invalid_cursor();
  return {cursor_number(body.substr(0, dot)), cursor_number(body.substr(dot + 1))};
}

std::int64_t checked_page_size(std::optional<std::int64_t> limit) {
  if (!limit) return kDefaultPageSize;
  if (*limit < 1 || *limit > kMaxPageSize)
    throw DomainError(ErrorCode::invalid_input, "limit must be between 1 and " + std::to_string(kMaxPageSize) + ".",
                      {{"limit", "out_of_range", "between 1 and " + std::to_string(kMaxPageSize)}});
  return *limit;
}

}  // namespace facilitator::core
