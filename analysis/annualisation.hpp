#pragma once

#include "engine/time.hpp"

namespace lmsim::analysis {

/// Days in the year every annualised figure uses: the Julian year of 365.25 days, as Hummingbot's
/// dashboards ("× 365.25 / 7") and the whitepaper's Eq. 3 (`365.25 · 24 · 3600`) do.
inline constexpr double kDaysPerYear = 365.25;

/// The same year in nanoseconds (31,557,600 s), exact in int64.
inline constexpr engine::Nanos kNanosPerYear =
    365 * engine::kNanosPerDay + engine::kNanosPerDay / 4;

/// How many periods of length `period` (nanoseconds) fit into a 365.25-day year, as a double:
/// 525,960 for one minute, 365.25 for one day, 52.178571… for one week. Annualising a per-period
/// figure multiplies by this (simple, not compounded). Throws std::invalid_argument if
/// period ≤ 0.
double periods_per_year(engine::Nanos period);

}  // namespace lmsim::analysis
