#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lmsim::analysis {

// The moving-block bootstrap (Künsch 1989, "The jackknife and the bootstrap for general
// stationary observations", Ann. Statist. 17(3)) behind the standard errors and intervals of the
// stylised facts (analysis/stylised_facts.hpp). A resample of a series of n observations is made
// of blocks of b consecutive indices whose starts are drawn uniformly from 0..n − b, laid end to
// end until n indices are drawn (the last block cut short), so that dependence within a block
// survives. Every statistic here depends only on *which* indices a resample holds, never on their
// order, and statistics of pairs (x_t, x_{t+h}) are resampled as Künsch's tuples: the pair is one
// observation attached to index t, so a block boundary never joins two unrelated returns.
// Randomness comes only from the caller's seed through SplitMix64 (analysis/split_mix.hpp): the
// same inputs and settings give bit-identical results.

/// How to bootstrap.
/// - `resamples`: how many resamples (B); 0 switches the bootstrap off (standard errors and
///   intervals are then NaN, the point estimates are still computed).
/// - `seed`: the seed of the resampling stream; functions that resample several index sets derive
///   one sub-seed per set with derive_seed and say which.
/// - `block_length`: b; 0 (the default) picks ⌈n^(1/3)⌉, the rate that minimises the error of
///   block-bootstrap variance estimates (Hall, Horowitz & Jing 1995); capped at n.
/// - `confidence`: the coverage of the percentile interval, in (0, 1);
/// - `threads`: how many threads may evaluate resamples (and independent parts) at once, 0 or 1
///   for the calling thread alone. No result depends on it: each resample is evaluated on its own
///   and written to its own place.
struct BootstrapSettings {
  std::size_t resamples = 200;
  std::uint64_t seed = 0;
  std::size_t block_length = 0;
  double confidence = 0.95;
  unsigned threads = 1;
};

/// A figure with its bootstrap uncertainty:
/// - `value`: the estimate from the data as given;
/// - `standard_error`: the sample standard deviation (÷ (B′ − 1)) of the B′ finite resample
///   estimates;
/// - `ci_low`, `ci_high`: the percentile interval, the (1 − c)/2 and (1 + c)/2 quantiles
///   (sorted_quantile) of the finite resample estimates (Efron & Tibshirani 1993, §13.3).
/// Units are those of the figure. NaN value: everything NaN. Fewer than two finite resample
/// estimates (bootstrap off, or the statistic undefined in almost every resample): the value with
/// NaN standard error and interval.
struct Estimate {
  double value;
  double standard_error;
  double ci_low;
  double ci_high;
};

/// ⌈n^(1/3)⌉ computed exactly in integers (the smallest b with b³ ≥ n): 47 for 100,000, 1 for
/// n = 1; 0 for n = 0.
std::size_t cube_root_block_length(std::size_t n);

/// The resamples of a moving-block bootstrap of the indices 0..n − 1, drawn once at construction
/// from SplitMix64(settings.seed): per resample, in order, K = ⌈n / b⌉ block starts, each
/// SplitMix64::below(n − b + 1) (unbiased), the first K − 1 blocks of b indices and the last of
/// n − (K − 1)·b, so a resample holds exactly n indices. n = 0 gives resamples with no blocks.
/// Throws std::invalid_argument when the confidence is not in (0, 1), or when n or the number of
/// resamples does not fit in 32 bits.
class MovingBlockBootstrap {
 public:
  /// One full block (b indices from `start`) drawn for resample `resample`.
  struct Draw {
    std::uint32_t start;
    std::uint32_t resample;
  };

  MovingBlockBootstrap(std::size_t n, const BootstrapSettings& settings);

  /// n, the number of indices (observations) resampled.
  std::size_t size() const { return n_; }
  /// b: the block length used (settings.block_length or ⌈n^(1/3)⌉, capped at n).
  std::size_t block_length() const { return block_length_; }
  /// K = ⌈n / b⌉ blocks per resample (0 when n = 0).
  std::size_t blocks_per_resample() const { return blocks_; }
  /// B, the number of resamples.
  std::size_t resamples() const { return resamples_; }

  /// The K block starts of resample `resample` (< B).
  std::span<const std::uint32_t> block_starts(std::size_t resample) const;
  /// The length of block number `block` (< K) of every resample: b, the last n − (K − 1)·b.
  std::size_t block_size(std::size_t block) const;
  /// The full blocks (all but each resample's last) of every resample, ordered by start and then
  /// resample: a series' block sums are then read sequentially, which is what keeps summing many
  /// series over many resamples cache-friendly.
  std::span<const Draw> full_blocks_by_start() const { return by_start_; }

  /// Σ series[i] over the indices of each resample (with repetition), one sum per resample: block
  /// sums from long double prefix sums, accumulated per resample in double in the order of
  /// full_blocks_by_start, then the short block. O(n + B·K). `series` must have n entries.
  std::vector<double> resampled_sums(std::span<const double> series) const;

 private:
  std::size_t n_;
  std::size_t block_length_;
  std::size_t blocks_;
  std::size_t resamples_;
  std::vector<std::uint32_t> starts_;  // resample-major, K per resample, in drawing order
  std::vector<Draw> by_start_;
};

/// The sample quantile of type 7 (Hyndman & Fan 1996; R's default, numpy's "linear"): with h =
/// (m − 1)·p over the m values sorted ascending (0-based), x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋).
/// p = 0 is the minimum, p = 1 the maximum, p = ½ the median. Empty: NaN. Requires p in [0, 1]
/// and the values sorted ascending (not checked beyond the first and last), finite or not.
double sorted_quantile(std::span<const double> sorted, double probability);

/// Builds an Estimate from the point estimate and the resample estimates (NaN ones are left out:
/// a statistic can be undefined in a resample, e.g. a constant one). Requires the confidence in
/// (0, 1), std::invalid_argument otherwise.
Estimate bootstrap_estimate(double value, std::span<const double> replicates, double confidence);

}  // namespace lmsim::analysis
