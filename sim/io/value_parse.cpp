#include "sim/io/value_parse.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace lmsim::sim::io {

namespace {

using engine::days_from_civil;
using engine::kNanosPerDay;
using engine::kNanosPerHour;
using engine::kNanosPerMicrosecond;
using engine::kNanosPerMillisecond;
using engine::kNanosPerMinute;
using engine::kNanosPerSecond;

struct DurationUnit {
  std::string_view suffix;
  Nanos nanos;
};

// Longest suffixes first, so that "ms" is not read as "m" followed by junk.
constexpr std::array<DurationUnit, 8> kDurationUnits{{
    {"ns", 1},
    {"us", kNanosPerMicrosecond},
    {"ms", kNanosPerMillisecond},
    {"s", kNanosPerSecond},
    {"m", kNanosPerMinute},
    {"h", kNanosPerHour},
    {"d", kNanosPerDay},
    {"w", 7 * kNanosPerDay},
}};

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Reads exactly `width` digits at `pos`; advances `pos`.
std::optional<int> fixed_digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (pos + width > text.size() || !all_digits(text.substr(pos, width))) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) value = value * 10 + (text[pos + i] - '0');
  pos += width;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool leap_year(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int64_t year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// One "<number><unit>" term of a duration; nullopt unless the whole term is valid.
std::optional<Nanos> parse_duration_term(std::string_view number, std::string_view suffix) {
  const DurationUnit* unit = nullptr;
  for (const DurationUnit& candidate : kDurationUnits) {
    if (candidate.suffix == suffix) unit = &candidate;
  }
  if (unit == nullptr) return std::nullopt;
  const std::size_t point = number.find('.');
  const std::string_view whole = number.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : number.substr(point + 1);
  if (!all_digits(whole) || (point != std::string_view::npos && !all_digits(fraction))) {
    return std::nullopt;
  }
  Nanos value = 0;
  for (const char c : whole) {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, c - '0', &value)) {
      return std::nullopt;
    }
  }
  if (__builtin_mul_overflow(value, unit->nanos, &value)) return std::nullopt;
  // The fraction must name whole nanoseconds: 1.5s is fine, 1.0000000001s is not.
  Nanos scale = unit->nanos;
  for (const char c : fraction) {
    if (scale % 10 != 0) {
      if (c != '0') return std::nullopt;
      continue;
    }
    scale /= 10;
    if (__builtin_add_overflow(value, (c - '0') * scale, &value)) return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<Nanos> parse_duration(std::string_view text) {
  // A sum of terms such as "1h30m" or "6h30m15s"; a single term is the common case.
  if (text.empty()) return std::nullopt;
  Nanos total = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t number_end = text.find_first_not_of("0123456789.", pos);
    if (number_end == pos || number_end == std::string_view::npos) return std::nullopt;
    std::size_t unit_end = text.find_first_of("0123456789.", number_end);
    if (unit_end == std::string_view::npos) unit_end = text.size();
    const auto term = parse_duration_term(text.substr(pos, number_end - pos),
                                          text.substr(number_end, unit_end - number_end));
    if (!term || __builtin_add_overflow(total, *term, &total)) return std::nullopt;
    pos = unit_end;
  }
  return total;
}

std::optional<Nanos> civil_to_nanos(std::int64_t year, int month, int day, int hour, int minute,
                                    int second, std::int64_t nanosecond) {
  if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59 || nanosecond < 0 || nanosecond >= kNanosPerSecond) {
    return std::nullopt;
  }
  const std::int64_t seconds =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  Nanos result = 0;
  if (__builtin_mul_overflow(seconds, kNanosPerSecond, &result) ||
      __builtin_add_overflow(result, nanosecond, &result)) {
    return std::nullopt;
  }
  return result;
}

std::optional<Nanos> parse_timestamp(std::string_view text) {
  if (text.size() < 20) {
    // Too short for ISO-8601 with seconds and zone: integer nanoseconds or nothing.
    return parse_integer(text);
  }
  if (all_digits(text) || (text[0] == '-' && all_digits(text.substr(1))))
    return parse_integer(text);
  std::size_t pos = 0;
  const auto year = fixed_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = fixed_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = fixed_digits(text, pos, 2);
  if (!day || !(expect(text, pos, 'T') || expect(text, pos, ' '))) return std::nullopt;
  const auto hour = fixed_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = fixed_digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  const auto second = fixed_digits(text, pos, 2);
  if (!second) return std::nullopt;
  std::int64_t nanosecond = 0;
  if (expect(text, pos, '.')) {
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++digits > 9) return std::nullopt;
      nanosecond = nanosecond * 10 + (text[pos++] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 9; ++digits) nanosecond *= 10;
  }
  Nanos offset = 0;
  const bool utc = expect(text, pos, 'Z');
  if (!utc && pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos++] == '-';
    const auto offset_hours = fixed_digits(text, pos, 2);
    if (!offset_hours || !expect(text, pos, ':')) return std::nullopt;
    const auto offset_minutes = fixed_digits(text, pos, 2);
    if (!offset_minutes || *offset_hours > 23 || *offset_minutes > 59) return std::nullopt;
    offset =
        (*offset_hours * kNanosPerHour + *offset_minutes * kNanosPerMinute) * (negative ? -1 : 1);
  } else if (!utc) {
    return std::nullopt;  // a time without a zone would be a silent guess
  }
  if (pos != text.size()) return std::nullopt;
  const auto local = civil_to_nanos(*year, *month, *day, *hour, *minute, *second, nanosecond);
  if (!local) return std::nullopt;
  return *local - offset;
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

}  // namespace lmsim::sim::io
