#include "sim/core/agents/order_size_model.hpp"

#include <array>
#include <cmath>

namespace lmsim::sim::agents {

namespace {

constexpr std::array<double, 11> kWeights{0.2,    0.7,    0.06,   0.004,  0.0329, 0.001,
                                          0.0006, 0.0004, 0.0005, 0.0003, 0.0003};

}  // namespace

Lots OrderSizeModel::sample(RandomStream& random) const {
  double draw = random.uniform();
  std::size_t component = 0;
  while (component + 1 < kWeights.size() && draw >= kWeights[component]) {
    draw -= kWeights[component];
    ++component;
  }
  const double shares = component == 0
                            ? std::exp(random.normal(2.9, 1.2))
                            : random.normal(100.0 * static_cast<double>(component), 0.15);
  // std::nearbyint rounds half to even under the default rounding mode, like Python's round().
  return saturated_int64(std::nearbyint(shares * scale_));
}

}  // namespace lmsim::sim::agents
