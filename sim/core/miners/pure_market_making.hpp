#pragma once

#include "sim/core/miners/refreshing_quoter.hpp"

namespace lmsim::sim::miners {

/// Parameters of Hummingbot's pure_market_making strategy, with its names and meanings.
/// Spreads and percentages are percent (0.1 = 0.1%); amounts are base asset.
struct PureMarketMakingParams {
  double bid_spread = 1.0;
  double ask_spread = 1.0;
  double order_amount = 1.0;
  int order_levels = 1;
  double order_level_spread = 1.0;  ///< extra spread per level beyond the first
  double order_level_amount = 0.0;  ///< extra size per level beyond the first
  bool inventory_skew_enabled = false;
  double inventory_target_base_pct = 50.0;
  double inventory_range_multiplier = 1.0;
  RefreshParams refresh;
};

/// Hummingbot's pure market making: `order_levels` orders per side around the book mid,
/// level i at mid × (1 ∓ spread ∓ i × order_level_spread) with size order_amount +
/// i × order_level_amount (bids rounded down to a tick, asks up, sizes down to a lot). With
/// inventory skew, sizes are scaled by Hummingbot's bid/ask ratios
/// (`c_calculate_bid_ask_ratios_from_base_asset_ratio`): both 1 at the target base share,
/// moving linearly to 0 and 2 as the base value leaves the target by total_order_size ×
/// inventory_range_multiplier (capped at half the portfolio). The order life cycle is
/// RefreshingQuoter's.
/// The registered strategy "pure_market_making" (its keys: docs/scenario.md).
StrategyKind pure_market_making_kind();

class PureMarketMaking final : public RefreshingQuoter {
 public:
  explicit PureMarketMaking(PureMarketMakingParams params);

  /// Hummingbot's inventory-skew size multipliers {bid, ask} for the given holdings (base
  /// asset and quote currency) at `price`.
  static std::pair<double, double> inventory_skew(double base, double quote, double price,
                                                  double target_base_ratio, double base_range);

 protected:
  std::optional<Proposal> propose(MinerView& view) override;
  bool prices_from_book_top_only() const override { return true; }

 private:
  PureMarketMakingParams params_;
};

}  // namespace lmsim::sim::miners
