#include "engine/hummingbot_kernel.hpp"

#include <Eigen/Core>
#include <stdexcept>

namespace lmsim::engine {

namespace detail {
// hummingbot_kernel_avx2.cpp, compiled for AVX2: raw pointers, so that no inline library code is
// shared with it.
void hummingbot_order_weights_avx2(const double* price, const double* amount, std::size_t count,
                                   double mid, double decay, double max_spread, double min_amount,
                                   double* weight);
}  // namespace detail

void hummingbot_order_weights_portable(std::span<const double> price,
                                       std::span<const double> amount,
                                       const HummingbotKernelParams& params,
                                       std::span<double> spread_out, std::span<double> weight_out) {
  const std::size_t count = price.size();
  const auto n = static_cast<Eigen::Index>(count);
  const Eigen::Map<const Eigen::ArrayXd> prices(price.data(), n);
  const Eigen::Map<const Eigen::ArrayXd> amounts(amount.data(), n);
  Eigen::Map<Eigen::ArrayXd> spread(spread_out.data(), n);
  Eigen::Map<Eigen::ArrayXd> weight(weight_out.data(), n);
  const double mid = params.mid;
  // Plain coefficient-wise expressions so that Eigen evaluates exp with SIMD packets (a select()
  // around it would fall back to scalar libm calls); eligibility is applied afterwards.
  spread = (prices - mid).abs() / mid;
  weight = amounts * (spread * params.decay).exp();

  const double max_spread = params.max_spread;
  const double min_amount = params.min_amount;
  double* const out = weight_out.data();
  const double* const spreads = spread_out.data();
  const double* const sizes = amount.data();
  for (std::size_t i = 0; i < count; ++i) {
    // `&`, not `&&`: no branch, so the compiler turns the loop into SIMD compares and masks.
    const bool eligible = (spreads[i] <= max_spread) & (sizes[i] >= min_amount);
    out[i] = eligible ? out[i] : 0.0;
  }
}

bool hummingbot_avx2_supported() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool supported = __builtin_cpu_supports("avx2") != 0;
  return supported;
#else
  return false;
#endif
}

void hummingbot_order_weights_avx2(std::span<const double> price, std::span<const double> amount,
                                   const HummingbotKernelParams& params, std::span<double> weight) {
#if defined(__x86_64__) && defined(__GNUC__)
  detail::hummingbot_order_weights_avx2(price.data(), amount.data(), price.size(), params.mid,
                                        params.decay, params.max_spread, params.min_amount,
                                        weight.data());
#else
  (void)price, (void)amount, (void)params, (void)weight;
  throw std::logic_error("hummingbot_order_weights_avx2: not built for this CPU");
#endif
}

void hummingbot_order_weights(std::span<const double> price, std::span<const double> amount,
                              const HummingbotKernelParams& params, std::span<double> spread,
                              std::span<double> weight) {
  if (hummingbot_avx2_supported()) {
    hummingbot_order_weights_avx2(price, amount, params, weight);
  } else {
    hummingbot_order_weights_portable(price, amount, params, spread, weight);
  }
}

}  // namespace lmsim::engine
