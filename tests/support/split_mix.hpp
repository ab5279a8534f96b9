#pragma once

#include <cstdint>

namespace lmsim::test {

/// A tiny seeded generator for property tests (SplitMix64, Steele et al. 2014): the same seed gives
/// the same values on every platform, unlike std::*_distribution. Kept here so the tests of
/// each layer need nothing beyond that layer.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, bound), bound > 0 (the modulo bias is irrelevant for test sizes).
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }

  /// Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }

  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

}  // namespace lmsim::test
