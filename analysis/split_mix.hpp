#pragma once

#include <cstdint>

namespace lmsim::analysis {

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
/// 2014): a 64-bit state advanced by the golden-ratio increment and mixed by two multiply-xorshift
/// rounds. The same seed gives the same stream on every platform — unlike std::*_distribution,
/// whose algorithms the standard leaves to the library — so the bootstrap resamples of analysis/
/// (and the property tests) are bit-identical everywhere. Not for cryptography.
class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t seed) : state_(seed) {}

  /// The next 64 random bits.
  constexpr std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1) on the grid of multiples of 2⁻⁵³ (the top 53 bits of next()).
  constexpr double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, bound), without modulo bias: draws below 2⁶⁴ mod bound are rejected
  /// and redrawn (the OpenBSD arc4random_uniform rule), so every value has probability exactly
  /// 1/bound; a redraw happens with probability < bound / 2⁶⁴. bound = 0 returns 0.
  constexpr std::uint64_t below(std::uint64_t bound) {
    if (bound == 0) return 0;
    const std::uint64_t threshold = (0 - bound) % bound;  // 2⁶⁴ mod bound
    std::uint64_t draw = next();
    while (draw < threshold) draw = next();
    return draw % bound;
  }

 private:
  std::uint64_t state_;
};

/// An independent-looking seed for sub-stream `stream` of a caller's `seed`: output number
/// `stream` (0-based) of SplitMix64(seed). Lets one seed drive several resampling streams (one
/// per horizon, one for the trades, …) that neither repeat nor overlap in any practical sense.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
  // Output number `stream` mixes the state seed + (stream + 1)·γ; computing it directly is O(1).
  SplitMix64 generator(seed + stream * 0x9E3779B97F4A7C15ull);
  return generator.next();
}

}  // namespace lmsim::analysis
