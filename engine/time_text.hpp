#pragma once

#include <cstdint>
#include <string>

#include "engine/time.hpp"

namespace lmsim::engine {

// Instants and durations as the text every lmsim file and report uses, and the proleptic
// Gregorian calendar behind it. One implementation, so results, summaries, scenarios written
// back and reports all spell a time the same way.

/// A date of the proleptic Gregorian calendar.
struct CivilDate {
  std::int64_t year;
  int month;  ///< 1–12
  int day;    ///< 1–31
};

/// Days from 1970-01-01 to a date (negative before it); H. Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t year, int month, int day);
/// The date `days` days after 1970-01-01; H. Hinnant's civil_from_days.
CivilDate civil_from_days(std::int64_t days);

/// ISO-8601 UTC text of an instant, with as many fractional digits (0, 3, 6 or 9) as it needs:
/// "2020-02-04T00:00:37Z", "2020-02-04T00:00:37.250Z".
std::string format_timestamp(Nanos time);

/// Duration text as scenario files write it, which the scenario reader reads back to the same
/// value: the largest units first, up to days — "1m", "7d", "10m30s", "6h30m", "250ms"; "0s";
/// a leading '-' when negative.
std::string format_duration(Nanos duration);

}  // namespace lmsim::engine
