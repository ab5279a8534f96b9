#pragma once

#include <cstdint>

namespace lmsim::engine {

/// Instants are int64 nanoseconds since the Unix epoch (UTC) and durations are int64 nanoseconds:
/// exact, totally ordered and wide enough for ±292 years, so no clock arithmetic ever rounds.
using Nanos = std::int64_t;

inline constexpr Nanos kNanosPerMicrosecond = 1'000;
inline constexpr Nanos kNanosPerMillisecond = 1'000'000;
inline constexpr Nanos kNanosPerSecond = 1'000'000'000;
inline constexpr Nanos kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr Nanos kNanosPerHour = 60 * kNanosPerMinute;
inline constexpr Nanos kNanosPerDay = 24 * kNanosPerHour;

/// Floor division for times before an origin (C++ `/` truncates towards zero).
constexpr std::int64_t floor_div(std::int64_t numerator, std::int64_t denominator) {
  const std::int64_t quotient = numerator / denominator;
  const bool inexact = quotient * denominator != numerator;
  return (inexact && ((numerator < 0) != (denominator < 0))) ? quotient - 1 : quotient;
}

}  // namespace lmsim::engine
