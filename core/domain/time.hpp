#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace facilitator::core {

/// A point in time, UTC, millisecond precision (what the database stores).
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
/// A calendar date without time of day (registration dates, decision dates).
using Date = std::chrono::year_month_day;

/// RFC 3339 in UTC with milliseconds: "2026-11-26T08:15:00.000Z".
[[nodiscard]] std::string format_rfc3339(Timestamp t);
/// Accepts RFC 3339 with "Z" or a numeric offset and optional fractional seconds.
[[nodiscard]] std::optional<Timestamp> parse_rfc3339(std::string_view text);

/// ISO 8601 calendar date: "2026-11-26".
[[nodiscard]] std::string format_date(Date d);
/// Accepts "yyyy-mm-dd" only, and only real dates.
[[nodiscard]] std::optional<Date> parse_iso_date(std::string_view text);

/// The calendar date in Norway (Europe/Oslo: CET, CEST from the last Sunday of March to the
/// last Sunday of October, switching at 01:00 UTC) at a point in time.
[[nodiscard]] Date oslo_date(Timestamp t) noexcept;

[[nodiscard]] std::int64_t to_millis(Timestamp t) noexcept;
[[nodiscard]] Timestamp from_millis(std::int64_t ms) noexcept;

/// Where "now" comes from; tests and imports supply their own.
using Clock = std::function<Timestamp()>;
[[nodiscard]] Clock system_clock();

}  // namespace facilitator::core
