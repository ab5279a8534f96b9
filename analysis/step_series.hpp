#pragma once

#include <cstddef>
#include <span>

#include "engine/time.hpp"

namespace lmsim::analysis {

/// A piecewise-constant series over time: sample i (value `values[i]`, taken at `times[i]`,
/// int64 ns) holds from its time until the next sample's, the last one until whatever end the
/// caller names. This is how a recorder sees a mid, a spread or an inventory value: it stays what
/// it was last observed to be. A non-owning view: the spans must outlive it.
/// - Times must be non-decreasing (checked once, at construction: std::invalid_argument).
/// - Samples at the same instant: the later one (in input order) is in force; the earlier ones
///   hold for zero time and are never seen.
/// - Values may be anything, NaN included (a slippage the book was too thin to define); a NaN in
///   force makes whatever is computed over it NaN.
class StepSeries {
 public:
  /// Throws std::invalid_argument if the spans differ in length or the times decrease.
  StepSeries(std::span<const engine::Nanos> times, std::span<const double> values);

  std::size_t size() const { return times_.size(); }
  std::span<const engine::Nanos> times() const { return times_; }
  std::span<const double> values() const { return values_; }

  /// The value in force at `time`: that of the last sample at or before it (binary search,
  /// O(log n)). NaN before the first sample and for an empty series.
  double value_at(engine::Nanos time) const;

 private:
  std::span<const engine::Nanos> times_;
  std::span<const double> values_;
};

/// The time-weighted mean of the series over [first sample time, end):
/// Σ v_i · (t_{i+1} − t_i) / (end − t_0) with t_n = end, the weights exact int64 durations.
/// Zero-length segments (samples at the same instant) carry no weight, NaN or not. Returns NaN
/// for an empty series or a zero-length window (end = t_0). Throws std::invalid_argument if `end`
/// is before the last sample, which would otherwise be silently dropped.
double time_weighted_mean(const StepSeries& series, engine::Nanos end);

/// A time-weighted mean over a window that skips undefined (NaN) stretches instead of becoming
/// NaN, with the share of the window it is based on.
/// - `mean`: Σ v_i · |segment_i ∩ window| / defined time, over the segments whose value is not
///   NaN; NaN when no defined value is in force for any positive time.
/// - `coverage`: defined time / window length, in [0, 1] (0 for an empty window).
struct WindowedMean {
  double mean;
  double coverage;
};

/// The WindowedMean of `series` over [window_start, window_end): each sample holds until the
/// next one's time and the last one until window_end; before the first sample nothing is
/// defined. This is how a market series with gaps (a spread undefined while a book side is
/// empty, a slippage the book is too thin to define) is averaged over a campaign: the mean of
/// what was defined, and how much of the time that was. Infinite values are kept (and make the
/// mean infinite). window_end < window_start throws std::invalid_argument.
WindowedMean windowed_mean(const StepSeries& series, engine::Nanos window_start,
                           engine::Nanos window_end);

}  // namespace lmsim::analysis
