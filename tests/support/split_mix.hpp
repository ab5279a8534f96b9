#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace lmsim::test {

/// A tiny seeded generator for property tests (SplitMix64, Steele et al. 2014): the same seed gives
/// the same values on every platform, unlike std::*_distribution. Kept here, self-contained, so
/// the tests of each layer need nothing beyond that layer (the engine's tests link the engine
/// alone).
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

/// A standard normal draw by the Box–Muller transform (Box & Muller 1958) from two uniforms of
/// `random`: √(−2 ln u₁) · cos(2π u₂), u₁ in (0, 1] so that the logarithm is finite. One draw per
/// call (the sine twin is discarded) keeps the stream position easy to reason about.
inline double standard_normal(SplitMix& random) {
  const double u1 = 1.0 - random.uniform();
  const double u2 = random.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace lmsim::test
