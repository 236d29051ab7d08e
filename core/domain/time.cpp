#include "core/domain/time.hpp"

#include <charconv>
#include <cstdio>

namespace facilitator::core {

namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return ec == std::errc{} && ptr == text.data() + pos + len;
}

}  // namespace

std::string format_rfc3339(Timestamp t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{t - days};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buffer;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  // yyyy-mm-ddThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)
  auto date = parse_iso_date(text.substr(0, 10));
  if (!date || text.size() < 20) return std::nullopt;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!read_int(text, 11, 2, hour) || text[13] != ':' || !read_int(text, 14, 2, minute) || text[16] != ':' ||
      !read_int(text, 17, 2, second))
    return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t pos = 19;
  std::chrono::milliseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    long long ms = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) ms = ms * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int d = digits; d < 3; ++d) ms *= 10;
    fraction = std::chrono::milliseconds{ms};
  }
  std::chrono::minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!read_int(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_int(text, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = std::chrono::hours{oh} + std::chrono::minutes{om};
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;  // RFC 3339 requires an offset
  }
  if (pos != text.size()) return std::nullopt;
  auto local = std::chrono::sys_days{*date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
               std::chrono::seconds{second} + fraction;
  return std::chrono::time_point_cast<std::chrono::milliseconds>(local - offset);
}

std::string format_date(Date d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buffer;
}

std::optional<Date> parse_iso_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_int(text, 0, 4, y) || !read_int(text, 5, 2, m) || !read_int(text, 8, 2, d)) return std::nullopt;
  Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
            std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

namespace {

/// 01:00 UTC on the last Sunday of `month` in `year`: when the EU changes its clocks.
std::chrono::sys_seconds eu_switch(std::chrono::year year, std::chrono::month month) {
  using namespace std::chrono;
  sys_days last_sunday{year / month / Sunday[last]};
  return last_sunday + hours(1);
}

}  // namespace

Date oslo_date(Timestamp t) noexcept {
  using namespace std::chrono;
  year y = year_month_day{floor<days>(t)}.year();
  bool summer = t >= eu_switch(y, March) && t < eu_switch(y, October);
  return year_month_day{floor<days>(t + hours(summer ? 2 : 1))};
}

std::int64_t to_millis(Timestamp t) noexcept { return t.time_since_epoch().count(); }

Timestamp from_millis(std::int64_t ms) noexcept { return Timestamp{std::chrono::milliseconds{ms}}; }

Clock system_clock() {
  return [] { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); };
}

}  // namespace facilitator::core
