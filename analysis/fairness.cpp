#include "analysis/fairness.hpp"
#include "engine/not_a_number.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

namespace lmsim::analysis {

namespace {

void check_values(std::span<const double> values, const char* function) {
  for (const double value : values) {
    if (!std::isfinite(value) || value < 0.0) {
      throw std::invalid_argument(std::string(function) + ": values must be finite and >= 0");
    }
  }
}

/// A checked copy sorted by `order`; equal values are interchangeable, so no tie-break is needed.
template <typename Order>
std::vector<double> sorted_copy(std::span<const double> values, const char* function, Order order) {
  check_values(values, function);
  std::vector<double> sorted;
  sorted.reserve(values.size());
  // Adding +0.0 turns −0.0 into +0.0, the one pair of equal doubles that are not interchangeable:
  // left in, their unstable order could flip the sign of a zero Lorenz share between permutations.
  for (const double value : values) sorted.push_back(value + 0.0);
  std::sort(sorted.begin(), sorted.end(), order);
  return sorted;
}

// Sums run in long double (64-bit mantissa on x86-64) so that long populations of mixed
// magnitudes lose no share to rounding before the final division.
long double sum(std::span<const double> values) {
  long double total = 0.0L;
  for (const double value : values) total += value;
  return total;
}

long double sum_of_squares(std::span<const double> values) {
  long double total = 0.0L;
  for (const double value : values) total += static_cast<long double>(value) * value;
  return total;
}

}  // namespace

double gini(std::span<const double> values) {
  const std::vector<double> sorted = sorted_copy(values, "gini", std::less<>());
  const std::size_t n = sorted.size();
  if (n == 0) return kNaN;
  const long double total = sum(sorted);
  if (total == 0.0L) return 0.0;
  // Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n − 1) x_(i) for ascending x_(i): the i-th smallest value
  // exceeds i − 1 values and falls short of n − i.
  long double weighted = 0.0L;
  for (std::size_t i = 0; i < n; ++i) {
    const auto coefficient = static_cast<long double>(2 * i + 1) - static_cast<long double>(n);
    weighted += coefficient * sorted[i];
  }
  const long double count = static_cast<long double>(n);
  const long double g = weighted / (count * total);
  return static_cast<double>(std::clamp(g, 0.0L, 1.0L - 1.0L / count));
}

std::vector<LorenzPoint> lorenz_curve(std::span<const double> values) {
  const std::vector<double> sorted = sorted_copy(values, "lorenz_curve", std::less<>());
  const std::size_t n = sorted.size();
  std::vector<LorenzPoint> points;
  if (n == 0) return points;
  points.reserve(n + 1);
  points.push_back(LorenzPoint{0.0, 0.0});
  // The total is the same left-to-right sum as the running one, so the last point is exactly 1.
  const long double total = sum(sorted);
  const auto count = static_cast<double>(n);
  long double running = 0.0L;
  for (std::size_t k = 1; k <= n; ++k) {
    running += sorted[k - 1];
    const double population = static_cast<double>(k) / count;
    const double value = total == 0.0L ? population : static_cast<double>(running / total);
    points.push_back(LorenzPoint{population, value});
  }
  return points;
}

double herfindahl_index(std::span<const double> values) {
  check_values(values, "herfindahl_index");
  const std::size_t n = values.size();
  if (n == 0) return kNaN;
  const long double total = sum(values);
  if (total == 0.0L) return 1.0 / static_cast<double>(n);
  // Σ (x_i / Σx)² = Σ x_i² / (Σx)²: one division instead of n.
  return static_cast<double>(sum_of_squares(values) / (total * total));
}

double normalised_herfindahl_index(std::span<const double> values) {
  const double h = herfindahl_index(values);
  const std::size_t n = values.size();
  if (n == 0) return kNaN;
  if (n == 1) return 1.0;
  const double floor = 1.0 / static_cast<double>(n);
  return std::clamp((h - floor) / (1.0 - floor), 0.0, 1.0);
}

double top_k_share(std::span<const double> values, std::size_t k) {
  const std::vector<double> sorted = sorted_copy(values, "top_k_share", std::greater<>());
  const std::size_t n = sorted.size();
  if (n == 0) return kNaN;
  if (k == 0) return 0.0;
  if (k >= n) return 1.0;
  const long double total = sum(sorted);
  if (total == 0.0L) return static_cast<double>(k) / static_cast<double>(n);
  return static_cast<double>(sum(std::span(sorted).first(k)) / total);
}

std::size_t top_percent_count(std::size_t n, double percent) {
  if (!(percent >= 0.0 && percent <= 100.0)) {
    throw std::invalid_argument("top_percent_count: percent must be in [0, 100]");
  }
  const double exact = percent * static_cast<double>(n) / 100.0;
  const double nearest = std::round(exact);
  const double count =
      std::abs(exact - nearest) <= 1e-9 * std::max(1.0, exact) ? nearest : std::ceil(exact);
  // percent ≤ 100 keeps the count ≤ n; the min guards the tolerance at the top end.
  return std::min(n, static_cast<std::size_t>(count));
}

double top_percent_share(std::span<const double> values, double percent) {
  const std::size_t k = top_percent_count(values.size(), percent);
  return top_k_share(values, k);
}

double jain_index(std::span<const double> values) {
  check_values(values, "jain_index");
  const std::size_t n = values.size();
  if (n == 0) return kNaN;
  const long double total = sum(values);
  if (total == 0.0L) return 1.0;
  const long double count = static_cast<long double>(n);
  const long double j = total * total / (count * sum_of_squares(values));
  return static_cast<double>(std::clamp(j, 1.0L / count, 1.0L));
}

}  // namespace lmsim::analysis
