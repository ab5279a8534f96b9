#pragma once

#include "sim/core/miners/refreshing_quoter.hpp"

namespace lmsim::sim::miners {

/// Parameters of the Avellaneda–Stoikov market maker (Hummingbot's avellaneda_market_making,
/// simplified to fixed parameters).
struct AvellanedaStoikovParams {
  double risk_factor = 1.0;              ///< γ > 0, risk aversion (per unit of inventory q)
  double order_book_depth_factor = 1.0;  ///< κ > 0, order-book intensity (1 / quote currency)
  Nanos horizon = engine::kNanosPerDay;  ///< T: quotes converge to the mid at each horizon end
  double order_amount = 1.0;             ///< base asset per order; also the inventory unit
  double inventory_target_base_pct = 50.0;
  RefreshParams refresh;
};

/// Avellaneda & Stoikov (2008) quoting with the market's realised volatility σ:
///   q = (base − target base) / order_amount, τ = time left in the current horizon / T ∈ (0, 1],
///   σ² = (mid · σ_annual)² · T / year (price variance over one horizon),
///   reservation price r = mid − q · γ · σ² · τ,
///   total spread δ = γ · σ² · τ + (2/γ) · ln(1 + γ/κ),
///   bid = r − δ/2 (rounded down to a tick), ask = r + δ/2 (rounded up), never crossing the mid.
/// Horizons are consecutive windows starting at the simulation start. The order life cycle is
/// RefreshingQuoter's.
/// The registered strategy "avellaneda_stoikov" (its keys: docs/scenario.md).
StrategyKind avellaneda_stoikov_kind();

class AvellanedaStoikov final : public RefreshingQuoter {
 public:
  AvellanedaStoikov(AvellanedaStoikovParams params, Nanos clock_start);

  /// The (bid, ask) prices in quote currency for the given state; exposed for tests.
  std::pair<double, double> quotes(double mid, double inventory_units, double annual_volatility,
                                   double time_left_fraction) const;

 protected:
  std::optional<Proposal> propose(MinerView& view) override;
  bool prices_from_book_top_only() const override { return false; }

 private:
  AvellanedaStoikovParams params_;
  Nanos clock_start_;
};

}  // namespace lmsim::sim::miners
