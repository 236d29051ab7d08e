// The Norwegian working-day calendar (core/domain/working_days.hpp). Every expected date below was
// worked out by hand from a calendar; the comments show the counting, so a reader can check it.
// Holidays are only ever computed, never looked up, so dates far from today are tested too.

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/domain/time.hpp"
#include "core/domain/working_days.hpp"

namespace {

using facilitator::core::add_working_days;
using facilitator::core::Date;
using facilitator::core::easter_sunday;
using facilitator::core::format_date;
using facilitator::core::is_public_holiday;
using facilitator::core::is_working_day;
using facilitator::core::kLiaisonResponseWorkingDays;
using facilitator::core::parse_iso_date;
using facilitator::core::working_days_between;

Date date(const char* iso) {
  auto parsed = parse_iso_date(iso);
  if (!parsed) throw std::invalid_argument(std::string("bad date in test: ") + iso);
  return *parsed;
}

std::string deadline(const char* received) {
  return format_date(add_working_days(date(received), kLiaisonResponseWorkingDays));
}

Date plus_days(Date d, int n) { return Date{std::chrono::sys_days{d} + std::chrono::days{n}}; }

/// Counts working days one by one: the plain definition, to hold the faster count to.
int count_one_by_one(Date from, Date to) {
  int count = 0;
  if (std::chrono::sys_days{from} <= std::chrono::sys_days{to}) {
    for (Date d = plus_days(from, 1); std::chrono::sys_days{d} <= std::chrono::sys_days{to}; d = plus_days(d, 1))
      count += is_working_day(d) ? 1 : 0;
  } else {
    for (Date d = to; std::chrono::sys_days{d} < std::chrono::sys_days{from}; d = plus_days(d, 1))
      count -= is_working_day(d) ? 1 : 0;
  }
  return count;
}

}  // namespace

// --- Easter -------------------------------------------------------------------------------------

TEST_CASE("Easter Sunday is computed for any year", "[working_days]") {
  struct Known {
    int year;
    const char* easter;
  };
  // Published Easter dates; 1818 and 2285 are the earliest possible (22 March), 1943 and 2038 the
  // latest (25 April), 1954 and 1981 the two exceptions the algorithm corrects for (and 2049, 2076).
  const std::vector<Known> known{
      {1583, "1583-04-10"}, {1700, "1700-04-11"}, {1818, "1818-03-22"}, {1943, "1943-04-25"}, {1954, "1954-04-18"},
      {1961, "1961-04-02"}, {1981, "1981-04-19"}, {2000, "2000-04-23"}, {2008, "2008-03-23"}, {2011, "2011-04-24"},
      {2019, "2019-04-21"}, {2020, "2020-04-12"}, {2021, "2021-04-04"}, {2022, "2022-04-17"}, {2023, "2023-04-09"},
      {2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"}, {2028, "2028-04-16"},
      {2029, "2029-04-01"}, {2030, "2030-04-21"}, {2031, "2031-04-13"}, {2032, "2032-03-28"}, {2033, "2033-04-17"},
      {2034, "2034-04-09"}, {2035, "2035-03-25"}, {2038, "2038-04-25"}, {2049, "2049-04-18"}, {2076, "2076-04-19"},
      {2100, "2100-03-28"}, {2285, "2285-03-22"}, {2400, "2400-04-16"}, {3000, "3000-04-13"},
  };
  for (const Known& k : known) {
    CAPTURE(k.year);
    CHECK(format_date(easter_sunday(k.year)) == k.easter);
  }
}

TEST_CASE("Easter Sunday is always a Sunday between 22 March and 25 April", "[working_days]") {
  for (int year = 1583; year <= 4099; ++year) {
    CAPTURE(year);
    Date easter = easter_sunday(year);
    REQUIRE(easter.ok());
    CHECK(std::chrono::weekday{std::chrono::sys_days{easter}} == std::chrono::Sunday);
    CHECK(static_cast<int>(easter.year()) == year);
    CHECK(std::chrono::sys_days{easter} >= std::chrono::sys_days{Date{easter.year() / 3 / 22}});
    CHECK(std::chrono::sys_days{easter} <= std::chrono::sys_days{Date{easter.year() / 4 / 25}});
  }
}

// --- Public holidays ------------------------------------------------------------------------------

TEST_CASE("The public holidays of 2026 are exactly the twelve Norwegian ones", "[working_days]") {
  // Easter 2026 is 5 April: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April,
  // Ascension Day 5 April + 39 = 14 May, Whit Sunday + 49 = 24 May, Whit Monday + 50 = 25 May.
  const std::vector<std::string> expected{"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05",
                                          "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-17",
                                          "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26"};
  std::vector<std::string> found;
  for (Date d = date("2026-01-01"); d.year() == std::chrono::year{2026}; d = plus_days(d, 1))
    if (is_public_holiday(d)) found.push_back(format_date(d));
  CHECK(found == expected);
}

TEST_CASE("Days that feel like holidays but are not public holidays are working days", "[working_days]") {
  CHECK(is_working_day(date("2025-12-24")));           // Christmas Eve (julaften), a Wednesday
  CHECK(is_working_day(date("2025-12-31")));           // New Year's Eve, a Wednesday
  CHECK(is_working_day(date("2025-04-16")));           // Wednesday before Easter
  CHECK(is_working_day(date("2025-05-16")));           // the day before 17 May, a Friday
  CHECK_FALSE(is_public_holiday(date("2025-04-19")));  // Easter Saturday is no public holiday ...
  CHECK_FALSE(is_working_day(date("2025-04-19")));     // ... but a Saturday
}

TEST_CASE("Holidays are found in years far from today", "[working_days]") {
  CHECK(is_public_holiday(date("1818-03-19")));  // Maundy Thursday of the earliest Easter
  CHECK(is_public_holiday(date("2038-06-14")));  // Whit Monday of the latest Easter: 25 April + 50
  CHECK(is_public_holiday(date("2285-04-30")));  // Ascension Day: 22 March + 39
  CHECK_FALSE(is_public_holiday(date("2038-06-15")));
  CHECK(is_public_holiday(date("2100-05-17")));
  CHECK(is_public_holiday(date("2100-03-29")));  // Easter Monday 2100
}

TEST_CASE("Weekends are never working days and weekdays are unless a holiday", "[working_days]") {
  CHECK_FALSE(is_working_day(date("2025-09-06")));  // Saturday
  CHECK_FALSE(is_working_day(date("2025-09-07")));  // Sunday
  CHECK(is_working_day(date("2025-09-08")));        // Monday
  CHECK_FALSE(is_working_day(date("2025-05-29")));  // Ascension Day, a Thursday
  CHECK_FALSE(is_working_day(date("2024-05-17")));  // Constitution Day on a Friday
}

// --- Deadlines ----------------------------------------------------------------------------------

TEST_CASE("A liaison case has ten working days", "[working_days]") { CHECK(kLiaisonResponseWorkingDays == 10); }

TEST_CASE("The deadline of a case received on a Friday with no holiday is two weeks later", "[working_days]") {
  // Fri 5 Sep 2025: Mon 8 .. Fri 12 are days 1-5, Mon 15 .. Fri 19 are days 6-10.
  CHECK(deadline("2025-09-05") == "2025-09-19");
  // Received on a Saturday or Sunday: the first working day after it is Monday, day 1.
  CHECK(deadline("2025-09-06") == "2025-09-19");
  CHECK(deadline("2025-09-07") == "2025-09-19");
  // Received on a Monday: Tue 9 .. Fri 12 (4), Mon 15 .. Fri 19 (9), Mon 22 (10).
  CHECK(deadline("2025-09-08") == "2025-09-22");
}

TEST_CASE("Deadlines across Easter skip Maundy Thursday, Good Friday and Easter Monday", "[working_days]") {
  // 2025, Easter 20 April. Received Fri 11 April: Mon 14 (1), Tue 15 (2), Wed 16 (3); Thu 17 and
  // Fri 18 are holidays, Sat 19 and Sun 20 weekend, Mon 21 Easter Monday; Tue 22 (4), Wed 23 (5),
  // Thu 24 (6), Fri 25 (7), Mon 28 (8), Tue 29 (9), Wed 30 (10). Thu 1 May would be a holiday too.
  CHECK(deadline("2025-04-11") == "2025-04-30");
  // 2026, Easter 5 April. Received Mon 30 March: Tue 31 (1), Wed 1 April (2); Thu 2 to Mon 6 are
  // holidays or weekend; Tue 7 (3), Wed 8 (4), Thu 9 (5), Fri 10 (6), Mon 13 (7), Tue 14 (8),
  // Wed 15 (9), Thu 16 (10).
  CHECK(deadline("2026-03-30") == "2026-04-16");
  // 2024, Easter 31 March. Received Wed 27 March: Thu 28, Fri 29, Sat 30, Sun 31, Mon 1 April are
  // all off; Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 (5), Tue 9 (6), Wed 10 (7),
  // Thu 11 (8), Fri 12 (9), Mon 15 (10).
  CHECK(deadline("2024-03-27") == "2024-04-15");
  // Received on Easter Saturday 2025: Mon 21 is Easter Monday, so the first working day is Tue 22.
  CHECK(format_date(add_working_days(date("2025-04-19"), 1)) == "2025-04-22");
}

TEST_CASE("Deadlines across Christmas and New Year skip 25 and 26 December and 1 January", "[working_days]") {
  // 2025/26: received Fri 19 Dec: Mon 22 (1), Tue 23 (2), Wed 24 (3, Christmas Eve is a working
  // day), Thu 25 and Fri 26 holidays, Mon 29 (4), Tue 30 (5), Wed 31 (6), Thu 1 Jan holiday,
  // Fri 2 (7), Mon 5 (8), Tue 6 (9), Wed 7 (10).
  CHECK(deadline("2025-12-19") == "2026-01-07");
  // 2024/25: received Fri 20 Dec: Mon 23 (1), Tue 24 (2), Wed 25 and Thu 26 holidays, Fri 27 (3),
  // Mon 30 (4), Tue 31 (5), Wed 1 Jan holiday, Thu 2 (6), Fri 3 (7), Mon 6 (8), Tue 7 (9), Wed 8 (10).
  CHECK(deadline("2024-12-20") == "2025-01-08");
  // 2021/22: 25 and 26 Dec and 1 Jan all fall on a weekend and nothing moves to a weekday (Norway
  // has no substitute days). Received Fri 17 Dec: Mon 20 .. Fri 24 (1-5), Mon 27 .. Fri 31 (6-10).
  CHECK(deadline("2021-12-17") == "2021-12-31");
}

TEST_CASE("Deadlines in May skip 1 May, Ascension Day, 17 May and Whit Monday", "[working_days]") {
  // 2024, Easter 31 March: Ascension Thu 9 May, Whit Monday 20 May; 17 May is a Friday.
  // Received Fri 3 May: Mon 6 (1), Tue 7 (2), Wed 8 (3), Thu 9 Ascension, Fri 10 (4), Mon 13 (5),
  // Tue 14 (6), Wed 15 (7), Thu 16 (8), Fri 17 holiday, Mon 20 Whit Monday, Tue 21 (9), Wed 22 (10).
  CHECK(deadline("2024-05-03") == "2024-05-22");
  // 2025, Easter 20 April: Ascension Thu 29 May, Whit Monday 9 June; 17 May is a Saturday.
  // Received Fri 23 May: Mon 26 (1), Tue 27 (2), Wed 28 (3), Thu 29 Ascension, Fri 30 (4),
  // Mon 2 June (5) .. Fri 6 (9), Mon 9 Whit Monday, Tue 10 (10).
  CHECK(deadline("2025-05-23") == "2025-06-10");
  // 2026, Easter 5 April: Ascension Thu 14 May; 1 May a Friday; 17 May a Sunday.
  // Received Thu 30 April: Fri 1 May holiday, Mon 4 (1) .. Fri 8 (5), Mon 11 (6), Tue 12 (7),
  // Wed 13 (8), Thu 14 Ascension, Fri 15 (9), Mon 18 (10).
  CHECK(deadline("2026-04-30") == "2026-05-18");
  // 2027, Easter 28 March: Ascension Thu 6 May, and Whit Monday is 17 May itself.
  // Received Fri 30 April: Mon 3 (1), Tue 4 (2), Wed 5 (3), Thu 6 Ascension, Fri 7 (4), Mon 10 (5)
  // .. Fri 14 (9), Mon 17 holiday (once, though two holidays), Tue 18 (10).
  CHECK(deadline("2027-04-30") == "2027-05-18");
  // 2008, Easter 23 March: Ascension Day is 1 May itself, Whit Monday 12 May.
  // Received Fri 25 April: Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 1 May holiday, Fri 2 (4),
  // Mon 5 (5) .. Fri 9 (9), Mon 12 Whit Monday, Tue 13 (10).
  CHECK(deadline("2008-04-25") == "2008-05-13");
}

TEST_CASE("Adding zero working days keeps the date and a negative count goes back", "[working_days]") {
  CHECK(format_date(add_working_days(date("2025-04-19"), 0)) == "2025-04-19");  // even on a Saturday
  CHECK(format_date(add_working_days(date("2025-09-10"), -1)) == "2025-09-09");
  CHECK(format_date(add_working_days(date("2025-09-08"), -1)) == "2025-09-05");  // Monday back to Friday
  // Wed 23 April 2025 back two: Tue 22 (1), then Mon 21 .. Thu 17 are off, Wed 16 (2).
  CHECK(format_date(add_working_days(date("2025-04-23"), -2)) == "2025-04-16");
}

// --- Counting working days --------------------------------------------------------------------------

TEST_CASE("Working days between two dates count the days after the first up to the second", "[working_days]") {
  CHECK(working_days_between(date("2025-09-05"), date("2025-09-05")) == 0);  // answered the same day
  CHECK(working_days_between(date("2025-09-05"), date("2025-09-07")) == 0);  // Fri to Sun
  CHECK(working_days_between(date("2025-09-05"), date("2025-09-08")) == 1);  // Fri to Mon
  CHECK(working_days_between(date("2025-04-16"), date("2025-04-21")) == 0);  // Easter: all off
  CHECK(working_days_between(date("2025-04-16"), date("2025-04-22")) == 1);
  // Each deadline above is ten working days after its received date, across years too.
  CHECK(working_days_between(date("2025-12-19"), date("2026-01-07")) == 10);
  CHECK(working_days_between(date("2027-04-30"), date("2027-05-18")) == 10);  // 17 May = Whit Monday
  CHECK(working_days_between(date("2008-04-25"), date("2008-05-13")) == 10);  // 1 May = Ascension
  // One day past the deadline is overdue by one working day.
  CHECK(working_days_between(date("2025-04-11"), date("2025-05-02")) == 11);  // Thu 1 May is a holiday
}

TEST_CASE("Working days between dates given in reverse order are negative", "[working_days]") {
  // From Wed 23 April back to Wed 16 April 2025: the working days 16 and 22 April.
  CHECK(working_days_between(date("2025-04-23"), date("2025-04-16")) == -2);
  // From Tue 22 back to Thu 17: 17, 18, 21 April are holidays and 19, 20 the weekend.
  CHECK(working_days_between(date("2025-04-22"), date("2025-04-17")) == 0);
  CHECK(working_days_between(date("2025-09-08"), date("2025-09-05")) == -1);
}

TEST_CASE("A whole year has the working days a calendar shows", "[working_days]") {
  // 2024 (leap year, starts on a Monday): 262 weekdays; holidays on weekdays: 1 Jan, 28 and 29 Mar,
  // 1 Apr, 1 May, 9 May, 17 May, 20 May, 25 and 26 Dec = 10, so 252.
  CHECK(working_days_between(date("2023-12-31"), date("2024-12-31")) == 252);
  // 2025 (starts on a Wednesday): 261 weekdays; 1 Jan, 17, 18 and 21 Apr, 1 May, 29 May, 9 Jun,
  // 25 and 26 Dec fall on weekdays (17 May and Whit Sunday do not) = 9, so 252.
  CHECK(working_days_between(date("2024-12-31"), date("2025-12-31")) == 252);
  // 2026 (starts on a Thursday): 261 weekdays; 1 Jan, 2, 3 and 6 Apr, 1 May, 14 May, 25 May and
  // 25 Dec = 8 (17 May is a Sunday, 26 Dec a Saturday), so 253.
  CHECK(working_days_between(date("2025-12-31"), date("2026-12-31")) == 253);
  // 2027 (starts on a Friday): 261 weekdays; 1 Jan, 25, 26 and 29 Mar, 6 May, 17 May (also Whit
  // Monday, counted once) = 6 (1 May, 25 and 26 Dec are on a weekend), so 255.
  CHECK(working_days_between(date("2026-12-31"), date("2027-12-31")) == 255);
}

TEST_CASE("Counting and adding working days agree with counting one day at a time", "[working_days]") {
  // Every start in a stretch covering Easter, May and Christmas of two years, every span up to 45.
  for (Date start = date("2026-12-01"); std::chrono::sys_days{start} <= std::chrono::sys_days{date("2028-01-10")};
       start = plus_days(start, 3)) {
    for (int n = -45; n <= 45; n += 1) {
      Date end = plus_days(start, n);
      CAPTURE(format_date(start), n);
      REQUIRE(working_days_between(start, end) == count_one_by_one(start, end));
      Date due = add_working_days(start, n);
      REQUIRE(working_days_between(start, due) == n);
      REQUIRE((n == 0 || is_working_day(due)));
    }
  }
}

TEST_CASE("Invalid dates are refused", "[working_days]") {
  const Date not_a_date{std::chrono::year{2025}, std::chrono::month{2}, std::chrono::day{30}};
  CHECK_THROWS_AS(is_public_holiday(not_a_date), std::invalid_argument);
  CHECK_THROWS_AS(is_working_day(not_a_date), std::invalid_argument);
  CHECK_THROWS_AS(add_working_days(not_a_date, 1), std::invalid_argument);
  CHECK_THROWS_AS(working_days_between(not_a_date, date("2025-03-01")), std::invalid_argument);
}
