#pragma once

#include <cmath>
#include <numbers>

#include "analysis/split_mix.hpp"

namespace lmsim::analysis::test {

/// The seeded generator of the property tests: analysis' SplitMix64, so a test's random data are
/// the same on every platform.
using SplitMix = SplitMix64;

/// A standard normal draw by the Box–Muller transform (Box & Muller 1958) from two uniforms of
/// `random`: √(−2 ln u₁) · cos(2π u₂), u₁ in (0, 1] so that the logarithm is finite. One draw per
/// call (the sine twin is discarded) keeps the stream position easy to reason about.
inline double standard_normal(SplitMix& random) {
  const double u1 = 1.0 - random.uniform();
  const double u2 = random.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace lmsim::analysis::test
