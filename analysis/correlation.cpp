#include "analysis/correlation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace lmsim::analysis {

namespace {

void check_finite(std::span<const double> values, const char* function) {
  for (const double value : values) {
    if (!std::isfinite(value)) {
      throw std::invalid_argument(std::string(function) + ": values must be finite");
    }
  }
}

void check_pairs(std::span<const double> x, std::span<const double> y, const char* function) {
  if (x.size() != y.size()) {
    throw std::invalid_argument(std::string(function) + ": x and y differ in length");
  }
  check_finite(x, function);
  check_finite(y, function);
}

bool constant(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(),
                     [&](double value) { return value == values.front(); });
}

long double mean(std::span<const double> values) {
  long double total = 0.0L;
  for (const double value : values) total += value;
  return total / static_cast<long double>(values.size());
}

/// Pearson's r of checked, equal-length samples.
double pearson_unchecked(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size();
  // A constant sample is detected directly: its computed mean can round away from the common
  // value and leave a tiny spurious variance.
  if (n < 2 || constant(x) || constant(y)) return std::numeric_limits<double>::quiet_NaN();
  const long double mean_x = mean(x);
  const long double mean_y = mean(y);
  long double sxx = 0.0L;
  long double syy = 0.0L;
  long double sxy = 0.0L;
  for (std::size_t i = 0; i < n; ++i) {
    const long double dx = x[i] - mean_x;
    const long double dy = y[i] - mean_y;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const long double r = sxy / std::sqrt(sxx * syy);
  return static_cast<double>(std::clamp(r, -1.0L, 1.0L));
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> values) {
  check_finite(values, "average_ranks");
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Stable, so tied values keep input order; their ranks are averaged anyway.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(n);
  std::size_t first = 0;
  while (first < n) {
    std::size_t last = first;
    while (last + 1 < n && values[order[last + 1]] == values[order[first]]) ++last;
    // Positions first..last (0-based) hold ranks first+1..last+1; their mean is exact in double.
    const double rank = (static_cast<double>(first) + static_cast<double>(last)) / 2.0 + 1.0;
    for (std::size_t k = first; k <= last; ++k) ranks[order[k]] = rank;
    first = last + 1;
  }
  return ranks;
}

double pearson_correlation(std::span<const double> x, std::span<const double> y) {
  check_pairs(x, y, "pearson_correlation");
  return pearson_unchecked(x, y);
}

double spearman_correlation(std::span<const double> x, std::span<const double> y) {
  check_pairs(x, y, "spearman_correlation");
  const std::vector<double> rank_x = average_ranks(x);
  const std::vector<double> rank_y = average_ranks(y);
  return pearson_unchecked(rank_x, rank_y);
}

}  // namespace lmsim::analysis
