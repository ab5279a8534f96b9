#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lmsim::analysis {

// How evenly a quantity (rewards, weights, eligible volume) is spread over a population (miners,
// entities). Every function here takes the population's values as a span of doubles and shares
// these conventions, which docs/metrics.md states with the formulas:
// - values must be finite and ≥ 0, otherwise std::invalid_argument is thrown;
// - an empty population (n = 0) has no distribution: scalar metrics return NaN;
// - an all-zero population (n ≥ 1, nobody has anything) is treated as an equal split, the limit
//   of everyone holding the same amount: Gini 0, Lorenz diagonal, HHI 1/n, Jain 1, top-k k/n;
// - the order of the values never matters: sorts need no tie-break because equal values are
//   interchangeable in every sum (−0.0 is read as +0.0).

/// The Gini coefficient G = Σ_i Σ_j |x_i − x_j| / (2 n² μ), computed in O(n log n) as
/// Σ_i (2i − n − 1) x_(i) / (n Σx) over the values sorted ascending (i = 1..n). 0 is perfect
/// equality; one holder of everything gives the maximum 1 − 1/n (0.75 for {0, 0, 0, 1}). The
/// result is clamped to [0, 1 − 1/n] so that rounding never leaves the range. Unitless, invariant
/// to scaling and to the order of the values. n = 0: NaN; n = 1 or all zero: 0.
double gini(std::span<const double> values);

/// One point of a Lorenz curve: the poorest `population_share` of the population (a fraction in
/// [0, 1]) holds `value_share` of the total (a fraction in [0, 1]).
struct LorenzPoint {
  double population_share;
  double value_share;
};

/// The Lorenz curve of the values: n + 1 points (k/n, share of the total held by the k smallest
/// values) for k = 0..n, starting exactly at (0, 0) and ending exactly at (1, 1), values sorted
/// ascending. n = 0: empty (no curve); all zero: the diagonal (k/n, k/n).
std::vector<LorenzPoint> lorenz_curve(std::span<const double> values);

/// The Herfindahl–Hirschman index Σ s_i² of the shares s_i = x_i / Σx (fractions, not
/// percentages): 1/n for an equal split, 1 when one holder has everything. n = 0: NaN; all zero:
/// 1/n (equal split).
double herfindahl_index(std::span<const double> values);

/// The normalised HHI (H − 1/n) / (1 − 1/n), in [0, 1] whatever n: 0 for an equal split, 1 for a
/// single holder. n = 0: NaN; n = 1: 1 (a monopoly, the usual convention, where the formula is
/// 0/0); all zero with n ≥ 2: 0. Clamped to [0, 1] against rounding.
double normalised_herfindahl_index(std::span<const double> values);

/// The share of the total (a fraction) held by the k largest values; k = 0 gives 0 and k ≥ n
/// gives 1. n = 0: NaN; all zero: min(k, n)/n.
double top_k_share(std::span<const double> values, std::size_t k);

/// How many members "the top p%" of a population of n is: ceil(p · n / 100), so any p > 0 names
/// at least one member and the top 10% of 25 miners is 3 of them. A product within 1e-9
/// (relative) of an integer counts as that integer, so that a decimal percentage rounded in
/// binary (70.00000000000001) does not add a member. Requires 0 ≤ percent ≤ 100 (percent, not a
/// fraction), otherwise std::invalid_argument.
std::size_t top_percent_count(std::size_t n, double percent);

/// The share of the total held by the top `percent`% of the population:
/// top_k_share(values, top_percent_count(n, percent)). n = 0: NaN.
double top_percent_share(std::span<const double> values, double percent);

/// Jain's fairness index (Σx)² / (n Σx²), in [1/n, 1]: 1 when all values are equal, 1/n when one
/// holder has everything ({1, 0, 0, 0} gives 1/4). Clamped to [1/n, 1] against rounding.
/// n = 0: NaN; all zero: 1 (equal split).
double jain_index(std::span<const double> values);

}  // namespace lmsim::analysis
