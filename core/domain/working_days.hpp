#pragma once

// The Norwegian working-day calendar: weekends and public holidays (helligdager) are not working
// days. The Easter-dependent holidays are computed for any year, so nothing needs a yearly update.
// No I/O, no time zone: these are calendar dates.
//
// Rules are today's, applied to every year: 1 and 17 May became public holidays in 1947, and
// Easter follows the Gregorian calendar for every year (Norway switched from the Julian calendar
// in 1700). The dates a business case meets are far from both.

#include "core/domain/time.hpp"

namespace facilitator::core {

/// A liaison case (næringssak) should be answered within this many working days after it is received.
inline constexpr int kLiaisonResponseWorkingDays = 10;

/// Easter Sunday of `year` in the (proleptic) Gregorian calendar: the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher). Defined for every year std::chrono::year can hold.
[[nodiscard]] Date easter_sunday(int year);

/// New Year's Day, Maundy Thursday, Good Friday, Easter Sunday, Easter Monday, 1 May, 17 May,
/// Ascension Day, Whit Sunday, Whit Monday, Christmas Day and Boxing Day.
[[nodiscard]] bool is_public_holiday(Date date);

/// Monday to Friday and not a public holiday.
[[nodiscard]] bool is_working_day(Date date);

/// The n-th working day after `start` (`start` itself never counts, whatever day it is): a case
/// received on a Friday with n = 10 is due on the Friday two weeks later when no holiday intervenes.
/// n = 0 gives `start` unchanged; a negative n gives the |n|-th working day before `start`.
[[nodiscard]] Date add_working_days(Date start, int n);

/// The working days after `from` up to and including `to`: how many working days a case received on
/// `from` has used by `to` (0 when answered the same day or only weekends and holidays passed).
/// When `to` is before `from`, minus the working days from `to` (inclusive) up to `from` (exclusive),
/// so that working_days_between(d, add_working_days(d, n)) == n for every n.
[[nodiscard]] int working_days_between(Date from, Date to);

}  // namespace facilitator::core
