#include "core/service/paging.hpp"

#include <charconv>

#include "core/domain/error.hpp"

namespace facilitator::core {

std::string encode_cursor(std::string_view kind, std::int64_t position) {
  return std::string(kind) + "." + std::to_string(position);
}

std::int64_t decode_cursor(std::string_view kind, std::string_view cursor) {
  auto invalid = [] {
    return DomainError(ErrorCode::invalid_input, "The cursor is not valid; use next_cursor from a previous page.",
                       {{"cursor", "invalid", "not a cursor returned by this list"}});
  };
  if (cursor.size() <= kind.size() + 1 || cursor.substr(0, kind.size()) != kind || cursor[kind.size()] != '.')
    throw invalid();
  std::string_view digits = cursor.substr(kind.size() + 1);
  std::int64_t position = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), position);
  if (ec != std::errc{} || ptr != digits.data() + digits.size() || position < 0) throw invalid();
  return position;
}

std::int64_t checked_page_size(std::optional<std::int64_t> limit) {
  if (!limit) return kDefaultPageSize;
  if (*limit < 1 || *limit > kMaxPageSize)
    throw DomainError(ErrorCode::invalid_input, "limit must be between 1 and " + std::to_string(kMaxPageSize) + ".",
                      {{"limit", "out_of_range", "between 1 and " + std::to_string(kMaxPageSize)}});
  return *limit;
}

}  // namespace facilitator::core
