#include "analysis/series_reduction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lmsim::analysis {

ReducedSeries reduce_series(std::span<const engine::Nanos> times, std::span<const double> values,
                            engine::Nanos start, engine::Nanos end, std::size_t buckets,
                            BucketReduction reduction) {
  if (times.size() != values.size()) {
    throw std::invalid_argument("reduce_series: times and values differ in length");
  }
  if (buckets == 0) throw std::invalid_argument("reduce_series: buckets must be >= 1");
  if (end < start) throw std::invalid_argument("reduce_series: end is before start");
  if (!std::is_sorted(times.begin(), times.end())) {
    throw std::invalid_argument("reduce_series: times must be non-decreasing");
  }
  const auto first =
      static_cast<std::size_t>(std::lower_bound(times.begin(), times.end(), start) - times.begin());
  const auto last =
      static_cast<std::size_t>(std::lower_bound(times.begin(), times.end(), end) - times.begin());
  ReducedSeries reduced;
  if (last - first <= buckets) {
    reduced.time.assign(times.begin() + first, times.begin() + last);
    reduced.value.assign(values.begin() + first, values.begin() + last);
    return reduced;
  }
  // Bucket b covers [start + b·w, start + (b+1)·w) with w computed in long double so the
  // boundaries do not drift; the bucket of a sample is found by its offset, clamped.
  const long double width =
      static_cast<long double>(end - start) / static_cast<long double>(buckets);
  const auto bucket_of = [&](engine::Nanos time) {
    const auto index = static_cast<std::size_t>(static_cast<long double>(time - start) / width);
    return std::min(index, buckets - 1);
  };
  std::size_t i = first;
  while (i < last) {
    const std::size_t bucket = bucket_of(times[i]);
    long double total = 0.0L;
    std::size_t defined = 0;
    std::size_t j = i;
    for (; j < last && bucket_of(times[j]) == bucket; ++j) {
      if (!std::isnan(values[j])) {
        total += values[j];
        ++defined;
      }
    }
    if (reduction == BucketReduction::kLast) {
      reduced.time.push_back(times[j - 1]);
      reduced.value.push_back(values[j - 1]);
    } else {
      const long double middle =
          static_cast<long double>(start) + (static_cast<long double>(bucket) + 0.5L) * width;
      reduced.time.push_back(static_cast<engine::Nanos>(std::llround(middle)));
      reduced.value.push_back(defined == 0 ? std::numeric_limits<double>::quiet_NaN()
                                           : static_cast<double>(total / defined));
    }
    i = j;
  }
  return reduced;
}

}  // namespace lmsim::analysis
