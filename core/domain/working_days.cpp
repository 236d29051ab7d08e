#include "core/domain/working_days.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace facilitator::core {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

/// Division and remainder rounding towards minus infinity, so the algorithms hold for years <= 0 too.
constexpr long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
constexpr long long floor_mod(long long a, long long b) { return a - b * floor_div(a, b); }

/// The movable holidays, in days after Easter Sunday.
constexpr std::array<int, 7> kEasterOffsets{
    -3,  // skjærtorsdag (Maundy Thursday)
    -2,  // langfredag (Good Friday)
    0,   // første påskedag (Easter Sunday)
    1,   // andre påskedag (Easter Monday)
    39,  // Kristi himmelfartsdag (Ascension Day)
    49,  // første pinsedag (Whit Sunday)
    50,  // andre pinsedag (Whit Monday)
};

/// The fixed holidays as (month, day).
constexpr std::array<std::array<unsigned, 2>, 5> kFixed{{
    {1, 1},    // nyttårsdag
    {5, 1},    // offentlig høytidsdag
    {5, 17},   // grunnlovsdag
    {12, 25},  // første juledag
    {12, 26},  // andre juledag
}};

/// Every public holiday of `year`, sorted, each date once (Ascension Day can fall on 1 or 17 May,
/// Whit Monday on 17 May).
std::vector<sys_days> holidays_of(int year) {
  std::vector<sys_days> result;
  const sys_days easter{easter_sunday(year)};
  for (int offset : kEasterOffsets) result.push_back(easter + days{offset});
  for (const auto& [month, day] : kFixed)
    result.emplace_back(Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}});
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

bool is_weekend(sys_days day) {
  std::chrono::weekday weekday{day};
  return weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
}

/// Monday-to-Friday days from a fixed Monday up to and including `day` (negative before it):
/// weekdays in (a, b] are weekdays_through(b) - weekdays_through(a).
long long weekdays_through(sys_days day) {
  // 1970-01-01 was a Thursday, so day count + 3 is a multiple of 7 exactly on Mondays.
  const long long k = day.time_since_epoch().count() + 3;
  const long long weeks = floor_div(k, 7);
  const long long into_week = floor_mod(k, 7);  // 0 = Monday ... 6 = Sunday
  return 5 * weeks + std::min<long long>(into_week + 1, 5);
}

/// Working days d with a < d <= b, for a <= b.
long long working_days_in(sys_days a, sys_days b) {
  long long count = weekdays_through(b) - weekdays_through(a);
  const int first_year = static_cast<int>(Date{a}.year());
  const int last_year = static_cast<int>(Date{b}.year());
  for (int year = first_year; year <= last_year; ++year)
    for (sys_days holiday : holidays_of(year))
      if (holiday > a && holiday <= b && !is_weekend(holiday)) --count;
  return count;
}

}  // namespace

Date easter_sunday(int year) {
  // Meeus, Astronomical Algorithms, ch. 8 (the "anonymous Gregorian" computus).
  const long long y = year;
  const long long a = floor_mod(y, 19);                        // place in the 19-year Metonic cycle
  const long long b = floor_div(y, 100);                       // century
  const long long c = floor_mod(y, 100);                       // year in the century
  const long long d = floor_div(b, 4);                         // skipped leap days so far ...
  const long long e = floor_mod(b, 4);                         // ... and the century's place in 400 years
  const long long f = floor_div(b + 8, 25);                    // lunar correction
  const long long g = floor_div(b - f + 1, 3);                 // ... applied
  const long long h = floor_mod(19 * a + b - d - g + 15, 30);  // epact: days to the Paschal full moon
  const long long i = floor_div(c, 4);
  const long long k = floor_mod(c, 4);
  const long long l = floor_mod(32 + 2 * e + 2 * i - h - k, 7);  // days from the full moon to Sunday
  const long long m = floor_div(a + 11 * h + 22 * l, 451);       // the two exceptional cases
  const long long month = floor_div(h + l - 7 * m + 114, 31);
  const long long day = floor_mod(h + l - 7 * m + 114, 31) + 1;
  return Date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
              std::chrono::day{static_cast<unsigned>(day)}};
}

bool is_public_holiday(Date date) {
  if (!date.ok()) throw std::invalid_argument("is_public_holiday: not a calendar date");
  const unsigned month = static_cast<unsigned>(date.month());
  const unsigned day = static_cast<unsigned>(date.day());
  for (const auto& [m, d] : kFixed)
    if (m == month && d == day) return true;
  // Movable holidays fall between 19 March (Maundy Thursday) and 14 June (Whit Monday).
  if (month < 3 || month > 6) return false;
  const sys_days easter{easter_sunday(static_cast<int>(date.year()))};
  const auto offset = (sys_days{date} - easter).count();
  return std::find(kEasterOffsets.begin(), kEasterOffsets.end(), offset) != kEasterOffsets.end();
}

bool is_working_day(Date date) {
  if (!date.ok()) throw std::invalid_argument("is_working_day: not a calendar date");
  return !is_weekend(sys_days{date}) && !is_public_holiday(date);
}

Date add_working_days(Date start, int n) {
  if (!start.ok()) throw std::invalid_argument("add_working_days: not a calendar date");
  const days step{n < 0 ? -1 : 1};
  sys_days day{start};
  for (long long remaining = n < 0 ? -static_cast<long long>(n) : n; remaining > 0;) {
    day += step;
    if (is_working_day(Date{day})) --remaining;
  }
  return Date{day};
}

int working_days_between(Date from, Date to) {
  if (!from.ok() || !to.ok()) throw std::invalid_argument("working_days_between: not a calendar date");
  const sys_days a{from};
  const sys_days b{to};
  if (a <= b) return static_cast<int>(working_days_in(a, b));
  // Working days in [to, from) are those in (to - 1 day, from - 1 day].
  return -static_cast<int>(working_days_in(b - days{1}, a - days{1}));
}

}  // namespace facilitator::core
