#include "analysis/step_series.hpp"
#include "engine/not_a_number.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace lmsim::analysis {

namespace {

/// b − a for a ≤ b as an exact unsigned count: the difference of two int64 instants can exceed
/// int64 but never uint64, and modular subtraction gives it exactly.
std::uint64_t duration(engine::Nanos a, engine::Nanos b) {
  return static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
}

}  // namespace

StepSeries::StepSeries(std::span<const engine::Nanos> times, std::span<const double> values)
    : times_(times), values_(values) {
  if (times.size() != values.size()) {
    throw std::invalid_argument("StepSeries: times and values differ in length");
  }
  if (!std::is_sorted(times.begin(), times.end())) {
    throw std::invalid_argument("StepSeries: times must be non-decreasing");
  }
}

double StepSeries::value_at(engine::Nanos time) const {
  // upper_bound finds the first sample after `time`; the one before it is the last sample at or
  // before `time`, and among samples at the same instant the later one.
  const auto after = std::upper_bound(times_.begin(), times_.end(), time);
  if (after == times_.begin()) return std::numeric_limits<double>::quiet_NaN();
  return values_[static_cast<std::size_t>(after - times_.begin()) - 1];
}

double time_weighted_mean(const StepSeries& series, engine::Nanos end) {
  const std::span<const engine::Nanos> times = series.times();
  const std::span<const double> values = series.values();
  const std::size_t n = series.size();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  if (end < times[n - 1]) {
    throw std::invalid_argument("time_weighted_mean: end is before the last sample");
  }
  const std::uint64_t window = duration(times[0], end);
  if (window == 0) return std::numeric_limits<double>::quiet_NaN();
  long double weighted = 0.0L;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t length = duration(times[i], i + 1 < n ? times[i + 1] : end);
    // Skipped rather than multiplied by zero: an overridden NaN must not poison the mean.
    if (length == 0) continue;
    weighted += static_cast<long double>(values[i]) * static_cast<long double>(length);
  }
  return static_cast<double>(weighted / static_cast<long double>(window));
}

WindowedMean windowed_mean(const StepSeries& series, engine::Nanos window_start,
                           engine::Nanos window_end) {
  if (window_end < window_start) {
    throw std::invalid_argument("windowed_mean: window_end is before window_start");
  }
  const std::span<const engine::Nanos> times = series.times();
  const std::span<const double> values = series.values();
  const std::size_t n = series.size();
  const std::uint64_t window = duration(window_start, window_end);
  if (window == 0) return {kNaN, 0.0};
  // The first sample that matters is the last one at or before the window's start.
  const auto after = std::upper_bound(times.begin(), times.end(), window_start);
  std::size_t i = after == times.begin() ? 0 : static_cast<std::size_t>(after - times.begin()) - 1;
  long double weighted = 0.0L;
  std::uint64_t defined = 0;
  for (; i < n && times[i] < window_end; ++i) {
    const engine::Nanos from = std::max(times[i], window_start);
    const engine::Nanos to = i + 1 < n ? std::min(times[i + 1], window_end) : window_end;
    if (to <= from || std::isnan(values[i])) continue;
    const std::uint64_t length = duration(from, to);
    weighted += static_cast<long double>(values[i]) * static_cast<long double>(length);
    defined += length;
  }
  if (defined == 0) return {kNaN, 0.0};
  return {
      static_cast<double>(weighted / static_cast<long double>(defined)),
      static_cast<double>(static_cast<long double>(defined) / static_cast<long double>(window))};
}

}  // namespace lmsim::analysis
