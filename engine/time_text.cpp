#include "engine/time_text.hpp"

#include <array>
#include <cstdio>
#include <string_view>

namespace lmsim::engine {

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<std::int64_t>(year - era * 400);
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const auto day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::string format_timestamp(Nanos time) {
  const std::int64_t days = floor_div(time, kNanosPerDay);
  const Nanos of_day = time - days * kNanosPerDay;
  const CivilDate date = civil_from_days(days);
  const auto seconds_of_day = of_day / kNanosPerSecond;
  const auto nanos = of_day % kNanosPerSecond;
  char text[48];
  const int length = std::snprintf(text, sizeof text, "%04lld-%02d-%02dT%02lld:%02lld:%02lld",
                                   static_cast<long long>(date.year), date.month, date.day,
                                   static_cast<long long>(seconds_of_day / 3600),
                                   static_cast<long long>(seconds_of_day / 60 % 60),
                                   static_cast<long long>(seconds_of_day % 60));
  std::string result(text, static_cast<std::size_t>(length));
  if (nanos != 0) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%09lld", static_cast<long long>(nanos));
    std::string_view digits(fraction);
    // Drop trailing zero groups of three: .250000000 → .250.
    while (digits.size() > 4 && digits.ends_with("000")) digits.remove_suffix(3);
    result += digits;
  }
  return result + 'Z';
}

std::string format_duration(Nanos duration) {
  // Days are the largest unit: "7d" reads better than "1w".
  struct Unit {
    std::string_view suffix;
    std::uint64_t nanos;
  };
  static constexpr std::array<Unit, 7> kUnits{{{"d", kNanosPerDay},
                                               {"h", kNanosPerHour},
                                               {"m", kNanosPerMinute},
                                               {"s", kNanosPerSecond},
                                               {"ms", kNanosPerMillisecond},
                                               {"us", kNanosPerMicrosecond},
                                               {"ns", 1}}};
  if (duration == 0) return "0s";
  std::string text = duration < 0 ? "-" : "";
  // The magnitude as unsigned, so that the most negative duration does not overflow.
  std::uint64_t left = duration < 0 ? 0 - static_cast<std::uint64_t>(duration)
                                    : static_cast<std::uint64_t>(duration);
  for (const Unit& unit : kUnits) {
    if (left < unit.nanos) continue;
    text += std::to_string(left / unit.nanos);
    text += unit.suffix;
    left %= unit.nanos;
  }
  return text;
}

}  // namespace lmsim::engine
