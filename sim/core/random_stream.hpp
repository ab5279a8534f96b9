#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

#include "sim/core/xoshiro256.hpp"

namespace lmsim::sim {

/// One step of SplitMix64: advances `state` and returns the next output. Used to turn one master
/// seed into well-mixed, independent seeds for every component of a run.
std::uint64_t splitmix64(std::uint64_t& state);

/// The seed of component `component` (a stable name such as "market" or "miner/7") under the
/// run's master seed. Stable across platforms: FNV-1a of the name mixed with SplitMix64.
std::uint64_t derive_seed(std::uint64_t master_seed, std::string_view component);

/// A seeded stream of random numbers whose every distribution is implemented here, on top of
/// xoshiro256** (Xoshiro256, fixed by its own code), because `std::*_distribution` results
/// differ between standard libraries and would break byte-identical results.
class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed);

  std::uint64_t next_u64() { return engine_(); }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  /// Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  /// Uniform integer in [0, bound) without modulo bias (Lemire's method); bound > 0.
  std::uint64_t below(std::uint64_t bound);
  /// true with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Standard normal (Marsaglia's polar method; the second value of each pair is kept).
  double normal();
  double normal(double mean, double stddev) { return mean + stddev * normal(); }
  /// Exponential with the given rate (> 0): mean 1/rate. Inline: agents draw one at every wake,
  /// mostly at rate 1, whose division then folds away.
  double exponential(double rate) { return -std::log1p(-uniform()) / rate; }
  /// Pareto (type I) with scale x_m > 0 and tail index alpha > 0: heavy-tailed sizes.
  double pareto(double scale, double alpha);
  /// Poisson-distributed count with the given mean (≥ 0); inversion for small means, a normal
  /// approximation above 64.
  std::uint64_t poisson(double mean);

 private:
  Xoshiro256 engine_;
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace lmsim::sim
