#pragma once

#include "sim/core/miners/target_quoter.hpp"

namespace lmsim::sim::miners {

/// Parameters of the one-sided quoter. Percentages are percent of the mid.
struct OneSidedParams {
  Side side = Side::kBid;     ///< "buy" (bids) or "sell" (asks)
  double order_amount = 0.0;  ///< base asset
  double spread = 0.0;        ///< percent from the mid
  double tolerance = 0.1;     ///< percent: re-priced when the mid moved its order this far
};

/// The registered strategy "one_sided": one order on one side only, at `spread` from the mid,
/// re-priced when the mid has moved it more than `tolerance` away. Rules that pay each side
/// from its own pool (Hummingbot's bid_share) pay it for half a market; dYdX's min(Q_bid, Q_ask)
/// pays it nothing, Polymarket's single-sided score a third (docs/scoring.md).
StrategyKind one_sided_kind();

class OneSided final : public TargetQuoter {
 public:
  explicit OneSided(const OneSidedParams& params);

 protected:
  bool want(const MinerView& view, std::vector<WantedOrder>& wanted) override;

 private:
  OneSidedParams params_;
};

}  // namespace lmsim::sim::miners
