#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/time.hpp"

namespace lmsim::analysis {

/// A series thinned for drawing: `time[i]` and `value[i]` (NaN where nothing was defined).
struct ReducedSeries {
  std::vector<engine::Nanos> time;
  std::vector<double> value;
};

/// How a bucket's samples become one point: the mean of its defined (non-NaN) values — for
/// levels such as a mid or a depth — or its last value — for running totals, whose last value
/// is exact.
enum class BucketReduction { kMean, kLast };

/// Reduces the samples of (times, values) inside [start, end) to at most `buckets` points, so a
/// week sampled every second (604,800 samples) draws as a few hundred points without aliasing:
/// - when at most `buckets` samples lie in the window, they are returned unchanged;
/// - otherwise the window is cut into `buckets` equal spans, and each span with samples gives
///   one point at the span's middle (kMean: the mean of its non-NaN values, NaN when all are
///   NaN) or at its last sample's time (kLast: that sample's value).
/// Times must be non-decreasing and as many as the values; `buckets` ≥ 1 and end ≥ start,
/// otherwise std::invalid_argument.
ReducedSeries reduce_series(std::span<const engine::Nanos> times, std::span<const double> values,
                            engine::Nanos start, engine::Nanos end, std::size_t buckets,
                            BucketReduction reduction);

}  // namespace lmsim::analysis
