#pragma once

#include <span>

namespace lmsim::engine {

/// What the Hummingbot weight kernel needs of one snapshot and the rule's parameters.
struct HummingbotKernelParams {
  double mid = 1.0;         ///< > 0
  double decay = 0.0;       ///< −spread_factor / max_spread (≤ 0)
  double max_spread = 0.0;  ///< orders with a larger spread weigh 0
  double min_amount = 0.0;  ///< smaller orders weigh 0
};

/// Writes each order's Hummingbot weight into `weight`: amount · exp(decay · s) with
/// s = |price − mid| / mid, or 0 when s > max_spread or amount < min_amount. `price`, `amount`
/// and `weight` have one entry per order; `spread` is scratch of the same length (the portable
/// kernel stores the spreads there).
///
/// The exponential is Eigen's vectorised one, applied to pairs of orders as Eigen's assignment
/// loop groups them (an element that Eigen leaves out of every pair uses std::exp). On CPUs with
/// AVX2 the same operations are evaluated four orders at a time; every order's weight is
/// bit-identical either way (no fused multiply-adds are used), so results do not depend on the
/// CPU.
void hummingbot_order_weights(std::span<const double> price, std::span<const double> amount,
                              const HummingbotKernelParams& params, std::span<double> spread,
                              std::span<double> weight);

/// The same with Eigen's SSE2 packets only (the reference the AVX2 kernel is tested against).
void hummingbot_order_weights_portable(std::span<const double> price,
                                       std::span<const double> amount,
                                       const HummingbotKernelParams& params,
                                       std::span<double> spread, std::span<double> weight);

/// Whether this CPU runs the AVX2 kernel.
bool hummingbot_avx2_supported();

/// The same four orders at a time; call only when hummingbot_avx2_supported().
void hummingbot_order_weights_avx2(std::span<const double> price, std::span<const double> amount,
                                   const HummingbotKernelParams& params, std::span<double> weight);

}  // namespace lmsim::engine
