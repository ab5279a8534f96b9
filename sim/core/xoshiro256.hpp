#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <limits>

namespace lmsim::sim {

/// xoshiro256** (Blackman & Vigna, 2018): a 64-bit generator with 256 bits of state, period
/// 2^256 − 1, that passes BigCrush and PractRand. It is the engine under RandomStream because a
/// run creates one stream per agent — a thousand and more for ABIDES' population — and most use
/// a handful of numbers: its state is 32 bytes and costs four SplitMix64 steps to seed, where
/// std::mt19937_64 holds 2.5 KB and regenerates 312 words before its first output.
/// The algorithm is fixed here, so outputs are the same on every platform and standard library.
/// Satisfies std::uniform_random_bit_generator.
class Xoshiro256 {
 public:
  using result_type = std::uint64_t;

  /// The state is four consecutive outputs of SplitMix64 started at `seed`, as the authors
  /// recommend (never all zero).
  explicit Xoshiro256(std::uint64_t seed) {
    for (std::uint64_t& word : state_) {
      std::uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = z ^ (z >> 31);
    }
  }

  /// A generator in exactly this state (not all zero), for published test vectors.
  static Xoshiro256 from_state(const std::array<std::uint64_t, 4>& state) {
    Xoshiro256 generator(0);
    generator.state_ = state;
    return generator;
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = std::rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = std::rotl(state_[3], 45);
    return result;
  }

 private:
  std::array<std::uint64_t, 4> state_{};
};

}  // namespace lmsim::sim
