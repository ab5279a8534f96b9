#pragma once

#include <span>
#include <vector>

namespace lmsim::analysis {

// Correlation between two paired samples, e.g. each miner's share of liquidity against its share
// of rewards. Both functions require x and y of equal length with finite values (otherwise
// std::invalid_argument) and return NaN when the coefficient is undefined: fewer than two pairs,
// or either sample constant (zero variance).

/// The ranks of the values, 1-based, with tied values all given the average of the ranks they
/// span ({10, 20, 20, 30} → {1, 2.5, 2.5, 4}), in the order of the input. Requires finite values
/// (std::invalid_argument otherwise); −0.0 and +0.0 tie. Empty input gives an empty result.
std::vector<double> average_ranks(std::span<const double> values);

/// Pearson's product-moment correlation r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²), in [−1, 1]
/// (clamped against rounding). Means are subtracted first (two passes) so that large offsets do
/// not cancel. NaN for n < 2 or a constant x or y.
double pearson_correlation(std::span<const double> x, std::span<const double> y);

/// Spearman's rank correlation: Pearson's r of average_ranks(x) and average_ranks(y), so ties are
/// handled exactly rather than with the 1 − 6Σd²/(n(n²−1)) shortcut, which assumes none. 1 for
/// any strictly increasing relation, −1 for a strictly decreasing one. NaN for n < 2 or when
/// either sample is all ties.
double spearman_correlation(std::span<const double> x, std::span<const double> y);

}  // namespace lmsim::analysis
