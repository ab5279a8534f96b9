#pragma once

// NumPy's legacy random generator (np.random.seed / np.random.normal), which Hummingbot's unit
// tests draw their inputs from, so that ported tests feed lmsim exactly those inputs: MT19937
// seeded by init_genrand, 53-bit uniforms from two draws, and Gaussians by Marsaglia's polar
// method with the second value cached (numpy/random/src/legacy/legacy-distributions.c).

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace lmsim::testing {

class NumpyLegacyRandom {
 public:
  explicit NumpyLegacyRandom(std::uint32_t seed) : engine_(seed) {}

  /// random_sample(): a double in [0, 1).
  double uniform() {
    const std::uint64_t a = engine_() >> 5;
    const std::uint64_t b = engine_() >> 6;
    return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) / 9007199254740992.0;
  }

  /// legacy_gauss(): a standard normal.
  double gauss() {
    if (has_cached_) {
      has_cached_ = false;
      return cached_;
    }
    double x1 = 0.0;
    double x2 = 0.0;
    double r2 = 0.0;
    do {
      x1 = 2.0 * uniform() - 1.0;
      x2 = 2.0 * uniform() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    cached_ = f * x1;
    has_cached_ = true;
    return f * x2;
  }

  /// np.random.normal(loc, scale, count).
  std::vector<double> normal(double loc, double scale, std::size_t count) {
    std::vector<double> values(count);
    for (double& value : values) value = loc + scale * gauss();
    return values;
  }

 private:
  std::mt19937 engine_;
  double cached_ = 0.0;
  bool has_cached_ = false;
};

}  // namespace lmsim::testing
