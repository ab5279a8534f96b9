#include "analysis/report_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lmsim::analysis {

namespace {

/// Inserts ',' every three digits in the integer part of a plain decimal number.
std::string group_thousands(const std::string& number) {
  const std::size_t sign = (!number.empty() && number[0] == '-') ? 1 : 0;
  std::size_t integer_end = number.find('.');
  if (integer_end == std::string::npos) integer_end = number.size();
  std::string result = number.substr(0, sign);
  const std::size_t digits = integer_end - sign;
  for (std::size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) result += ',';
    result += number[sign + i];
  }
  return result + number.substr(integer_end);
}

/// Drops the sign of a number that printed as zero ("-0.00" → "0.00").
std::string without_negative_zero(std::string text) {
  if (!text.empty() && text[0] == '-' && text.find_first_not_of("-0.,") == std::string::npos) {
    text.erase(0, 1);
  }
  return text;
}

std::string special(double value) {
  if (std::isnan(value)) return std::string(kUndefined);
  return value > 0 ? "\u221e" : "\u2212\u221e";
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil inverse).
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  year = static_cast<std::int64_t>(year_of_era) + era * 400;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned month_index = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * month_index + 2) / 5 + 1;
  month = month_index < 10 ? month_index + 3 : month_index - 9;
  if (month <= 2) ++year;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        result += "&amp;";
        break;
      case '<':
        result += "&lt;";
        break;
      case '>':
        result += "&gt;";
        break;
      case '"':
        result += "&quot;";
        break;
      case '\'':
        result += "&#39;";
        break;
      default:
        result += c;
    }
  }
  return result;
}

std::string format_fixed(double value, int decimals) {
  if (!std::isfinite(value)) return special(value);
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return without_negative_zero(group_thousands(buffer));
}

std::string format_significant(double value, int significant) {
  if (!std::isfinite(value)) return special(value);
  if (value == 0.0) return "0";
  const double magnitude = std::fabs(value);
  char buffer[512];
  if (magnitude < 1e-4 || magnitude >= 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.*e", significant - 1, value);
    return buffer;
  }
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const int decimals = std::max(0, significant - 1 - exponent);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return without_negative_zero(group_thousands(buffer));
}

std::string format_compact(double value) {
  if (!std::isfinite(value)) return special(value);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return without_negative_zero(buffer);
}

std::string format_percent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return special(fraction);
  return format_fixed(fraction * 100.0, decimals) + "%";
}

std::string format_utc(engine::Nanos time) {
  const std::int64_t days = engine::floor_div(time, engine::kNanosPerDay);
  const engine::Nanos in_day = time - days * engine::kNanosPerDay;
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, year, month, day);
  const std::int64_t seconds = in_day / engine::kNanosPerSecond;
  const std::int64_t nanos = in_day % engine::kNanosPerSecond;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                static_cast<long long>(year), month, day, static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  std::string text = buffer;
  if (nanos != 0) {
    std::snprintf(buffer, sizeof buffer, ".%09lld", static_cast<long long>(nanos));
    std::string fraction = buffer;
    while (fraction.back() == '0') fraction.pop_back();
    text += fraction;
  }
  return text + "Z";
}

std::string format_duration(engine::Nanos duration) {
  if (duration == 0) return "0s";
  std::string text = duration < 0 ? "-" : "";
  // Magnitude as unsigned so that the most negative value does not overflow.
  std::uint64_t rest = duration < 0 ? 0 - static_cast<std::uint64_t>(duration)
                                    : static_cast<std::uint64_t>(duration);
  struct Unit {
    const char* name;
    std::uint64_t nanos;
  };
  constexpr Unit kUnits[] = {{"d", engine::kNanosPerDay},
                             {"h", engine::kNanosPerHour},
                             {"m", engine::kNanosPerMinute},
                             {"s", engine::kNanosPerSecond},
                             {"ms", engine::kNanosPerMillisecond},
                             {"us", engine::kNanosPerMicrosecond},
                             {"ns", 1}};
  bool first = true;
  for (const Unit& unit : kUnits) {
    const std::uint64_t count = rest / unit.nanos;
    if (count == 0) continue;
    rest -= count * unit.nanos;
    if (!first) text += ' ';
    text += std::to_string(count) + unit.name;
    first = false;
  }
  return text;
}

}  // namespace lmsim::analysis
