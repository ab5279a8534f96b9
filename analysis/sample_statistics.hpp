#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lmsim::analysis {

// Statistics of replicated runs: a sweep runs each grid point R times with seeds 1..R, and the
// same replicate index of two grid points shares its seed (common random numbers), so their
// difference is best read pair by pair. Values are one figure per replicate (a run's mean depth,
// a miner's reward, …) in the figure's own units. NaN values (a run where the figure is
// undefined) are left out and counted; ±∞ throws std::invalid_argument. Intervals use Student's t
// with the exact quantile (Boost.Math). Formulas and sources: docs/metrics.md, "Statistics of
// replicated runs".

/// A sample's mean with its uncertainty:
/// - `count`: values used; `excluded`: NaN values (or pairs with a NaN) left out;
/// - `mean`: x̄ = Σx / n;
/// - `standard_deviation`: the sample form s = √(Σ(x − x̄)² / (n − 1)) (NaN for a Welch
///   difference, which has no single sample);
/// - `standard_error`: s / √n (Welch: √(s_a²/n_a + s_b²/n_b));
/// - `degrees_of_freedom`: n − 1 (Welch: Welch–Satterthwaite);
/// - `confidence`, `ci_low`, `ci_high`: the two-sided interval x̄ ∓ t_{(1+c)/2, df} · se.
/// n = 0: everything NaN; n = 1: the mean, with NaN standard deviation, error and interval.
struct Summary {
  std::size_t count;
  std::size_t excluded;
  double mean;
  double standard_deviation;
  double standard_error;
  double degrees_of_freedom;
  double confidence;
  double ci_low;
  double ci_high;
};

/// The Summary of the finite values, NaN ones excluded and counted. Requires confidence in
/// (0, 1). Worked value: {1, 2, 3, 4, 5} → mean 3, s = √2.5, se = √0.5, df 4, 95% interval
/// 3 ∓ 2.776445 · √0.5.
Summary summarise(std::span<const double> values, double confidence = 0.95);

/// The Summary of the differences a_i − b_i over the pairs where both are finite (a pair with a
/// NaN is excluded and counted): the paired comparison of two grid points under common random
/// numbers, whose shared noise cancels in each difference. Requires equal lengths.
Summary paired_difference(std::span<const double> a, std::span<const double> b,
                          double confidence = 0.95);

/// Welch's unpaired difference of means x̄_a − x̄_b (Welch 1947), for samples that share no
/// randomness: se = √(s_a²/n_a + s_b²/n_b), df = se⁴ / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b −
/// 1)) (Welch–Satterthwaite), `count` n_a + n_b, `excluded` the NaNs of both, standard deviation
/// NaN. Either sample with fewer than two values: NaN error and interval. Both samples constant
/// (se = 0): df = n_a + n_b − 2 and the interval is the point x̄_a − x̄_b.
Summary welch_difference(std::span<const double> a, std::span<const double> b,
                         double confidence = 0.95);

/// The one-sided lower confidence bound x̄ − t_{c, df} · se: the true mean is ≥ it with
/// confidence c in (0, 1). NaN when the summary has no standard error (n < 2).
double one_sided_lower_bound(const Summary& summary, double confidence);

/// The one-sided upper confidence bound x̄ + t_{c, df} · se. NaN when n < 2.
double one_sided_upper_bound(const Summary& summary, double confidence);

/// The direction of a target: the mean at least (≥) or at most (≤) a threshold.
enum class Comparison { kAtLeast, kAtMost };

/// Whether a target such as "depth ≥ X with 95% confidence" is met: for kAtLeast, the one-sided
/// lower bound at `confidence` is ≥ threshold; for kAtMost, the upper bound is ≤ threshold. False
/// when the bound is NaN (fewer than two values: nothing can be claimed with confidence).
/// Requires a finite threshold and confidence in (0, 1).
bool holds_with_confidence(const Summary& summary, Comparison comparison, double threshold,
                           double confidence);

/// The quantile t_{p, df} of Student's t distribution (Boost.Math's students_t, exact to double
/// precision): t_{0.975, 1} = 12.706205, t_{0.975, 10} = 2.228139. df may be fractional
/// (Welch–Satterthwaite) or +∞ (the normal quantile). Requires p in (0, 1) and df > 0.
double student_t_quantile(double probability, double degrees_of_freedom);

/// The median of the values (the mean of the two middle ones for an even count); NaN for none.
double median(std::vector<double> values);

}  // namespace lmsim::analysis
