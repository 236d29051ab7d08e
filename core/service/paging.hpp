#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace facilitator::core {

/// Limits every list endpoint shares.
inline constexpr std::int64_t kDefaultPageSize = 50;
inline constexpr std::int64_t kMaxPageSize = 500;

/// Opaque cursors: clients must not build them, so they carry a prefix naming what they page.
[[nodiscard]] std::string encode_cursor(std::string_view kind, std::int64_t position);
/// Throws DomainError(invalid_input, field "cursor") when the text is not a cursor of this kind.
[[nodiscard]] std::int64_t decode_cursor(std::string_view kind, std::string_view cursor);
/// Throws DomainError(invalid_input, field "limit") outside 1..kMaxPageSize; default when absent.
[[nodiscard]] std::int64_t checked_page_size(std::optional<std::int64_t> limit);

}  // namespace facilitator::core
